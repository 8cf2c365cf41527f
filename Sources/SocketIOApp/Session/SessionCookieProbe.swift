import NIOHTTP1

/// The session cookie and signature parsers as the fuzzer and its replay test reach them
/// (`@_spi(Fuzzing) import SocketIOApp`): both read bytes a client sends at every handshake.
@_spi(Fuzzing)
public enum SessionCookieProbe {
    /// The secrets the probe signs with: one current, one rotated out.
    static let signer = SessionSigner(secrets: ["fuzz-current", "fuzz-previous"])

    /// Checks one input, returning a description of the first broken rule, or nil:
    /// - as a `Cookie` header value, at most `maxValuesPerName` values come back, and every value that verifies is
    ///   the canonical signature of its id (`sign(unsign(v)) == v`);
    /// - as an id (non-empty), `unsign(sign(id)) == id`;
    /// - the `Set-Cookie` value written for that signed id, sent back in a `Cookie` header beside other cookies,
    ///   reads back as exactly that signed id.
    public static func failure(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        var headers = HTTPHeaders()
        headers.add(name: "Cookie", value: text)
        let values = CookieHeader.values(named: "sio.sid", in: headers)
        guard values.count <= CookieHeader.maxValuesPerName else { return "\(values.count) values for one name" }
        for value in values {
            if let id = signer.unsign(value), signer.sign(id) != value {
                return "non-canonical value verified: \(value)"
            }
        }
        guard !text.isEmpty else { return nil }
        let signed = signer.sign(text)
        guard signer.unsign(signed) == text else { return "sign/unsign lost the id: \(text.debugDescription)" }
        let setCookie = SessionCookie.header(name: "sio.sid", signedID: signed, maxAge: 60)
        guard let pair = setCookie.split(separator: ";", maxSplits: 1).first else { return "empty Set-Cookie" }
        var back = HTTPHeaders()
        back.add(name: "Cookie", value: "other=1; \(pair); last=2")
        let read = CookieHeader.values(named: "sio.sid", in: back)
        guard read == [signed] else { return "cookie round trip: wrote \(pair), read \(read)" }
        return nil
    }
}
