extension CORSPolicy {
    /// Whether `origin` (`scheme://host[:port]`) names the same host and port as the `Host` header.
    ///
    /// Hosts compare case-insensitively. A port equal to the scheme's default (80 for http/ws, 443 for https/wss) is
    /// dropped from the Origin, and 80 or 443 is dropped from Host, whose scheme the server cannot always know (a TLS
    /// proxy in front of a plain-HTTP server sees `Host: example.com` for `Origin: https://example.com`). Anything
    /// that is not a plain serialised origin (`null`, a path, user info) is not same-origin.
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, let schemeEnd = origin.utf8.firstRange(of: "://".utf8) else { return false }
        let scheme = origin[..<schemeEnd.lowerBound].lowercased()
        let authority = origin[schemeEnd.upperBound...]
        guard !authority.isEmpty, !authority.contains(where: { "/?#@\\".contains($0) }) else { return false }
        guard let originAuthority = HostPort(authority), let hostAuthority = HostPort(host[...]) else { return false }
        let defaultPort: Int? =
            switch scheme {
            case "http", "ws": 80
            case "https", "wss": 443
            default: nil
            }
        let originPort = originAuthority.port == defaultPort ? nil : originAuthority.port
        let hostPort = hostAuthority.port == 80 || hostAuthority.port == 443 ? nil : hostAuthority.port
        return originPort == hostPort && originAuthority.host.lowercased() == hostAuthority.host.lowercased()
    }
}

/// `host[:port]` or `[v6]:port`, split; nil when the port is not a number in 0...65535.
private struct HostPort {
    let host: Substring
    let port: Int?

    init?(_ text: Substring) {
        let hostEnd: Substring.Index
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostEnd = text.index(after: close)
        } else {
            hostEnd = text.firstIndex(of: ":") ?? text.endIndex
        }
        host = text[..<hostEnd]
        guard !host.isEmpty else { return nil }
        let rest = text[hostEnd...]
        if rest.isEmpty {
            port = nil
        } else {
            guard rest.first == ":" else { return nil }
            let digits = rest.dropFirst()
            // An empty port (`host:`) means the default, as URL parsing has it.
            if digits.isEmpty {
                port = nil
                return
            }
            guard digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits),
                value <= 65535
            else { return nil }
            port = value
        }
    }
}
