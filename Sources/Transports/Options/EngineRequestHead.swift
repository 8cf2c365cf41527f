public import NIOCore
public import NIOHTTP1

/// What the endpoint and its hooks know about one HTTP request: its head and where it came from.
public struct EngineRequestHead: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The request target as sent (path and query).
    public var uri: String
    /// The request headers.
    public var headers: HTTPHeaders
    /// The peer's address, when known.
    public var remoteAddress: SocketAddress?
    /// Whether the connection is TLS (as the host reports it).
    public var isSecure: Bool

    /// A request head.
    public init(
        method: HTTPMethod, uri: String, headers: HTTPHeaders, remoteAddress: SocketAddress? = nil,
        isSecure: Bool = false
    ) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
    }

    /// The path part of `uri` (before `?`).
    public var path: Substring {
        // The first `?` byte, as a URL parser and `EngineQuery` find it: Character-wise, a `?` followed by a
        // combining mark fuses into another character and the query would stay in the path.
        if let q = uri.utf8.firstIndex(of: UInt8(ascii: "?")) { return uri[..<q] }
        return uri[...]
    }

    /// The query parameters, percent-decoded; when a name repeats, the last value wins (as `URLSearchParams` in
    /// `Object.fromEntries` does in the reference).
    public var query: [String: String] { EngineQuery.parse(uri) }
}

/// Headers the hooks may add to a response.
public typealias EngineResponseHeaders = HTTPHeaders
