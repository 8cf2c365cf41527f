import SIODemoKit
import Testing

@Suite struct DemoSignatureTests {
    /// The test suite of RFC 1321, appendix A.5.
    static let rfc1321: [(String, String)] = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        (
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a"
        ),
    ]

    @Test(arguments: rfc1321) func md5MatchesRFC1321(input: String, digest: String) {
        #expect(DemoSignature.md5Hex(Array(input.utf8)) == digest)
    }

    /// Non-ASCII input is hashed as UTF-8, as the page's md5.js does (digests from Python's hashlib).
    @Test func md5HashesUTF8() {
        #expect(DemoSignature.md5Hex(Array("é".utf8)) == "66ddcd97cfdeabb2f6fb8a999b4bc76f")
        #expect(DemoSignature.md5Hex(Array("日本語".utf8)) == "00110af8b4393ef3f72c50be5b332bec")
        #expect(DemoSignature.sign(app: "demo", key: "emoji😀", timestamp: "1700000000000") == "9706ccabe366bc586bdf24087146467c")
    }

    @Test func signIsMD5OfAppKeyAndTimestamp() {
        #expect(
            DemoSignature.sign(app: "demo", key: "k", timestamp: "1700000000000")
                == DemoSignature.md5Hex(Array("demok1700000000000".utf8)))
    }

    static let now: Int64 = 1_763_780_000_000

    func checker(skewSeconds: Int = 300) -> DemoSignature {
        DemoSignature(apps: ["demo": "secret", "other": "k2"], maxClockSkewSeconds: skewSeconds, now: { Self.now })
    }

    func verify(_ checker: DemoSignature, app: String?, timestamp: String?, sign: String?) -> String? {
        do {
            try checker.verify(app: app, timestamp: timestamp, sign: sign)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func acceptsAFreshSignature() {
        let ts = String(Self.now - 1000)
        let sign = DemoSignature.sign(app: "demo", key: "secret", timestamp: ts)
        #expect(verify(checker(), app: "demo", timestamp: ts, sign: sign) == nil)
        #expect(verify(checker(), app: "demo", timestamp: ts, sign: sign.uppercased()) == nil)
    }

    @Test func skewIsCheckedBothWaysAtTheLimit() {
        let checker = checker(skewSeconds: 300)
        for (offset, expected) in [(-300_000, nil), (300_000, nil), (-300_001, "expired"), (300_001, "expired")]
        as [(Int64, String?)] {
            let ts = String(Self.now + offset)
            let sign = DemoSignature.sign(app: "demo", key: "secret", timestamp: ts)
            #expect(verify(checker, app: "demo", timestamp: ts, sign: sign) == expected, "offset \(offset)")
        }
    }

    @Test func rejectsUnknownAppsBadSignaturesAndMalformedTimestamps() {
        let ts = String(Self.now)
        let good = DemoSignature.sign(app: "demo", key: "secret", timestamp: ts)
        let checker = checker()
        #expect(verify(checker, app: nil, timestamp: ts, sign: good) == "unknown app")
        #expect(verify(checker, app: "nope", timestamp: ts, sign: good) == "unknown app")
        // Signed with another app's key.
        #expect(verify(checker, app: "other", timestamp: ts, sign: good) == "bad signature")
        #expect(verify(checker, app: "demo", timestamp: ts, sign: nil) == "bad signature")
        #expect(verify(checker, app: "demo", timestamp: nil, sign: good) == "bad signature")
        #expect(verify(checker, app: "demo", timestamp: ts, sign: String(good.dropLast())) == "bad signature")
        #expect(verify(checker, app: "demo", timestamp: ts + "1", sign: good) == "bad signature")
        for bad in ["", "-1", "+1", "1.5", "1e3", "12345678901234567", " 1"] {
            let sign = DemoSignature.sign(app: "demo", key: "secret", timestamp: bad)
            #expect(verify(checker, app: "demo", timestamp: bad, sign: sign) == "bad signature", "\(bad)")
        }
    }

    @Test func aTimestampFarInThePastDoesNotOverflow() {
        let checker = DemoSignature(apps: ["demo": "secret"], maxClockSkewSeconds: .max, now: { .max })
        let ts = "0"
        let sign = DemoSignature.sign(app: "demo", key: "secret", timestamp: ts)
        #expect(verify(checker, app: "demo", timestamp: ts, sign: sign) == "expired")
    }

    @Test func rejectionsDescribeThemselves() {
        #expect(DemoSignatureRejection.expired.description == "signature rejected: expired")
        #expect(DemoSignatureRejection.unknownApp != DemoSignatureRejection.badSignature)
    }
}
