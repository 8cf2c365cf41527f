extension CORSPolicy {
    /// Whether `origin` (`scheme://host[:port]`) names the same host and port as the `Host` header.
    ///
    /// Hosts compare case-insensitively. A port equal to the scheme's default (80 for http/ws, 443 for https/wss) is
    /// dropped from the Origin, and 80 or 443 is dropped from Host, whose scheme the server cannot always know (a TLS
    /// proxy in front of a plain-HTTP server sees `Host: example.com` for `Origin: https://example.com`). Anything
    /// that is not a plain serialised origin (`null`, a path, user info) is not same-origin.
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        // Bytes, not Characters: a delimiter followed by a combining mark is still a delimiter to a URL parser.
        guard let host else { return false }
        let bytes = Substring(origin).utf8
        guard let schemeEnd = bytes.firstRange(of: "://".utf8) else { return false }
        let scheme = bytes[..<schemeEnd.lowerBound]
        let authority = bytes[schemeEnd.upperBound...]
        guard !authority.isEmpty, !authority.contains(where: { "/?#@\\".utf8.contains($0) }) else { return false }
        guard let originAuthority = HostPort(authority), let hostAuthority = HostPort(Substring(host).utf8) else {
            return false
        }
        let defaultPort: Int? =
            if equalsIgnoringASCIICase(scheme, "http".utf8) || equalsIgnoringASCIICase(scheme, "ws".utf8) {
                80
            } else if equalsIgnoringASCIICase(scheme, "https".utf8) || equalsIgnoringASCIICase(scheme, "wss".utf8) {
                443
            } else {
                nil
            }
        let originPort = originAuthority.port == defaultPort ? nil : originAuthority.port
        let hostPort = hostAuthority.port == 80 || hostAuthority.port == 443 ? nil : hostAuthority.port
        return originPort == hostPort && equalsIgnoringASCIICase(originAuthority.host, hostAuthority.host)
    }

    /// Host names are ASCII (browsers send IDNs as punycode), so only ASCII letters fold; Unicode folding would make
    /// `K` (KELVIN SIGN) match `k`.
    private static func equalsIgnoringASCIICase(_ a: Substring.UTF8View, _ b: some Collection<UInt8>) -> Bool {
        let fold: (UInt8) -> UInt8 = { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
        return a.count == b.count && zip(a, b).allSatisfy { fold($0) == fold($1) }
    }
}

/// `host[:port]` or `[v6]:port`, split; nil when the port is not a number in 0...65535.
private struct HostPort {
    let host: Substring.UTF8View
    let port: Int?

    init?(_ text: Substring.UTF8View) {
        let hostEnd: Substring.UTF8View.Index
        if text.first == UInt8(ascii: "[") {
            guard let close = text.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            hostEnd = text.index(after: close)
        } else {
            hostEnd = text.firstIndex(of: UInt8(ascii: ":")) ?? text.endIndex
        }
        host = text[..<hostEnd]
        guard !host.isEmpty else { return nil }
        let rest = text[hostEnd...]
        guard let colon = rest.first else {
            port = nil
            return
        }
        guard colon == UInt8(ascii: ":") else { return nil }
        let digits = rest.dropFirst()
        // An empty port (`host:`) means the default, as URL parsing has it.
        guard !digits.isEmpty else {
            port = nil
            return
        }
        guard digits.count <= 5, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard value <= 65535 else { return nil }
        port = value
    }
}
