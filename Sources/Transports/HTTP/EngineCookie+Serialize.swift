extension EngineCookie {
    /// The `Set-Cookie` value carrying `value` (the sid), attributes in the order the reference's `cookie.serialize`
    /// (npm `cookie` 0.7) writes them: `name=value; Max-Age; Domain; Path; HttpOnly; Secure; SameSite`.
    ///
    /// The value is encoded with `encodeURIComponent`'s rules. Where the reference would throw, this skips instead:
    /// a name that is not an RFC 7230 token gives "" (check `hasValidName` first and send no cookie; the endpoint
    /// does), and a Domain or Path that the reference would reject is left out.
    func serialize(value: String) -> String {
        guard hasValidName else { return "" }
        var out = name + "=" + Self.encodeURIComponent(value)
        if let maxAge { out += "; Max-Age=\(maxAge)" }
        if let domain, !domain.isEmpty, Self.isValidDomain(domain) { out += "; Domain=" + domain }
        if let path, !path.isEmpty, Self.isValidPath(path) { out += "; Path=" + path }
        if httpOnly { out += "; HttpOnly" }
        if secure { out += "; Secure" }
        if let sameSite { out += "; SameSite=" + sameSite.rawValue }
        return out
    }

    /// The `Set-Cookie` value for `value`, or nil when the cookie name is invalid and no cookie should be sent.
    func setCookieValue(for value: String) -> String? {
        hasValidName ? serialize(value: value) : nil
    }

    /// Whether `name` is a token (`!#$%&'*+-.^_`|~`, digits, letters), as the reference's `cookie` requires.
    var hasValidName: Bool {
        !name.isEmpty && name.utf8.allSatisfy(Self.isTokenByte)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// A path attribute may hold 0x20–0x7E except `;` (which would start another attribute) and `<`, which the
    /// reference's `cookie` (0.7's `pathValueRegExp`, `[\u0020-\u003A\u003D-\u007E]`) also refuses.
    static func isValidPath(_ path: String) -> Bool {
        path.utf8.allSatisfy { (0x20...0x7E).contains($0) && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "<") }
    }

    /// A domain is dot-separated labels of letters, digits and inner hyphens (1–63 characters), with an optional
    /// leading dot, as the reference's `cookie` 0.7 accepts.
    static func isValidDomain(_ domain: String) -> Bool {
        var labels = Substring(domain)
        if labels.hasPrefix(".") { labels = labels.dropFirst() }
        let parts = labels.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty else { return false }
        return parts.allSatisfy { label in
            let bytes = Array(label.utf8)
            guard (1...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
            let isAlnum: (UInt8) -> Bool = { b in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
            }
            return isAlnum(first) && isAlnum(last) && bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// JavaScript's `encodeURIComponent`: everything but `A–Z a–z 0–9 - _ . ! ~ * ' ( )` as `%XX` of its UTF-8.
    static func encodeURIComponent(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "A")...UInt8(ascii: "Z"):
                out.append(byte)
            case _ where "-_.!~*'()".utf8.contains(byte):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
