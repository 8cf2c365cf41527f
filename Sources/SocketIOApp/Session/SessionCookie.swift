/// Builds the `Set-Cookie` value that hands a session's signed id to a browser (an HTTP page handler sends it, and
/// the browser brings it back with the Socket.IO handshake).
public enum SessionCookie {
    /// The `SameSite` attribute (always written: leaving it to the browser's default varies between browsers).
    public struct SameSite: Sendable, Hashable, CustomStringConvertible {
        /// The attribute's value as written in the header.
        public let description: String
        private init(_ value: String) { description = value }
        /// Sent with same-site requests and top-level navigations (browsers' default).
        public static let lax = SameSite("Lax")
        /// Sent with same-site requests only.
        public static let strict = SameSite("Strict")
        /// Sent with cross-site requests too; browsers require `secure` with it.
        public static let none = SameSite("None")
    }

    /// A `Set-Cookie` value such as `sio.sid=ID.SIG; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax`.
    ///
    /// Characters a cookie cannot carry are percent-encoded in the name and value (the resolver decodes them), and
    /// dropped from the path; `maxAge` nil makes a browser-session cookie, 0 deletes the cookie.
    public static func header(
        name: String = "sio.sid", signedID: String, maxAge: Int? = nil, path: String = "/", secure: Bool = false,
        httpOnly: Bool = true, sameSite: SameSite = .lax
    ) -> String {
        var header = encode(name, allowed: isTokenByte) + "=" + encode(signedID, allowed: isCookieOctet)
        let pathBytes = path.utf8.filter { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") }
        let cleanPath = String(decoding: pathBytes, as: UTF8.self)
        if !cleanPath.isEmpty { header += "; Path=" + cleanPath }
        if let maxAge { header += "; Max-Age=\(max(0, maxAge))" }
        if httpOnly { header += "; HttpOnly" }
        if secure { header += "; Secure" }
        header += "; SameSite=\(sameSite)"
        return header
    }

    /// RFC 6265 cookie-octet: visible ASCII except `"`, `,`, `;`, `\`. `%` is encoded too so decoding is exact.
    static func isCookieOctet(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x23...0x24, 0x26...0x2B, 0x2D...0x3A, 0x3C...0x5B, 0x5D...0x7E: true
        default: false
        }
    }

    /// RFC 7230 token characters, without `%` (kept for the encoding).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default: Array("!#$&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    private static func encode(_ text: String, allowed: (UInt8) -> Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if allowed(byte) {
                out.append(byte)
            } else {
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
