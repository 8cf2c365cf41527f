import Testing

@testable import SocketIOApp

// Expected values computed once with:
// python3 -c "import hmac,hashlib,base64; k,i='keyboard cat','tobi'; \
//   print(i+'.'+base64.urlsafe_b64encode(hmac.new(k.encode(),i.encode(),hashlib.sha256).digest()).decode().rstrip('='))"
// (same command with the other key/id pairs below).
@Suite struct SessionSignerTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let secret: String
        let id: String
        let signed: String
        var testDescription: String { "\(secret) / \(id)" }
    }

    static let vectors: [Vector] = [
        Vector(secret: "keyboard cat", id: "tobi", signed: "tobi.k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4"),
        Vector(secret: "old-secret", id: "abc123", signed: "abc123.Qq2BG4vtvueGwQ68FsJ0BKPxAWCeQ7AQVVmus0KbKK0"),
        Vector(secret: "new-secret", id: "abc123", signed: "abc123.Rb6eY_Y71FJVhgsULSbhwweC4x6jJeZrIZMAh4i7QuI"),
        Vector(
            secret: "s", id: "AAAAAAAAAAAAAAAAAAAAAA",
            signed: "AAAAAAAAAAAAAAAAAAAAAA.vn9S-M0OjlaPh8XURap6W968YYixtT_d6-FHS2MieDM"),
        Vector(secret: "é-secret", id: "ünïcode.id", signed: "ünïcode.id.M_WEfWrkacK2AcVicdiBmy_U84ATW0Ovl2iwMPwsXeQ"),
    ]

    @Test(arguments: vectors) func signMatchesPythonHMAC(_ vector: Vector) {
        let signer = SessionSigner(secrets: [vector.secret])
        #expect(signer.sign(vector.id) == vector.signed)
        #expect(signer.unsign(vector.signed) == vector.id)
    }

    /// RFC 4231 test case 2: the HMAC itself, independent of the encoding.
    @Test func hmacMatchesRFC4231() {
        let digest = SessionSigner.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        let hex = digest.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        #expect(hex.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func emptyKeyAndMessageStillHash() {
        // python3: hmac.new(b'', b'', hashlib.sha256).hexdigest()
        let digest = SessionSigner.mac(key: [], message: [])
        #expect(digest.count == 32)
        #expect(digest.prefix(4) == [0xb6, 0x13, 0x67, 0x9a])
    }

    @Test func rotationSignsWithFirstAndVerifiesWithAll() {
        let rotated = SessionSigner(secrets: ["new-secret", "old-secret"])
        #expect(rotated.sign("abc123") == "abc123.Rb6eY_Y71FJVhgsULSbhwweC4x6jJeZrIZMAh4i7QuI")
        #expect(rotated.unsign("abc123.Qq2BG4vtvueGwQ68FsJ0BKPxAWCeQ7AQVVmus0KbKK0") == "abc123")
        #expect(rotated.unsign("abc123.Rb6eY_Y71FJVhgsULSbhwweC4x6jJeZrIZMAh4i7QuI") == "abc123")
        // Once the old secret is dropped, values it signed no longer verify.
        let retired = SessionSigner(secrets: ["new-secret"])
        #expect(retired.unsign("abc123.Qq2BG4vtvueGwQ68FsJ0BKPxAWCeQ7AQVVmus0KbKK0") == nil)
    }

    @Test(arguments: [
        "tobi.k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc5",  // last character changed
        "toby.k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4",  // id changed
        "tobi.l_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4",  // first character changed
        "tobi.k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc",  // too short
        "tobi.k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4A",  // too long
        "tobi.k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4=",  // padding
        "tobi.k/MBGA3LV+De-0YTROxcLuurjbOQXyaa2veNodQBZc4",  // standard base64 alphabet
        "tobi.k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc!",  // not base64url
        "tobi.k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4 ",  // trailing space
        "tobi.k_MBGA3LV_De-0YTROxcLvurjbOQXyaa2veNodQBZc4",  // a middle character changed
        "tobik_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4",  // no dot
        ".k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4",  // empty id
        "s:tobi.k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4",  // cookie-signature's prefix is not our format
        "tobi.",
        "",
        ".",
    ])
    func rejectsTamperedOrMalformed(_ value: String) {
        #expect(SessionSigner(secrets: ["keyboard cat"]).unsign(value) == nil)
    }

    @Test func rejectsNonCanonicalTrailingBits() {
        // 43 characters carry 258 bits; the last 2 must be zero. "5" (57) sets them, "4" (56) does not: the digest
        // ends in a byte whose low bits leave "4"; "5" decodes to the same bytes but is not canonical.
        #expect(Base64URL.decode("k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4"[...].utf8) != nil)
        #expect(Base64URL.decode("k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc5"[...].utf8) == nil)
    }

    @Test func noSecretVerifiesNothing() {
        let signer = SessionSigner(secrets: [])
        let value = signer.sign("abc")
        #expect(value == "abc.")
        #expect(signer.unsign(value) == nil)
        #expect(signer.unsign("tobi.k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4") == nil)
    }

    @Test func base64URLRoundTripsEveryLength() {
        for count in 0...40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let text = Base64URL.encode(bytes)
            #expect(text.utf8.count == Base64URL.encodedCount(count))
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Base64URL.decode(text[...].utf8) == bytes)
        }
        #expect(Base64URL.decode("A"[...].utf8) == nil)
    }
}
