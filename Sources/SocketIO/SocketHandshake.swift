public import NIOHTTP1
public import SIOParser

/// The details of the request that opened a socket's connection (the reference's `socket.handshake`).
public struct SocketHandshake: Sendable {
    /// The request headers of the Engine.IO handshake.
    public var headers: HTTPHeaders
    /// When the handshake happened, as JavaScript's `new Date().toString()` would show it.
    public var time: String
    /// The client's IP address.
    public var address: String
    /// Whether the request is cross-domain (it has an Origin header).
    public var xdomain: Bool
    /// Whether the connection is over TLS.
    public var secure: Bool
    /// When the handshake happened, in milliseconds since 1970.
    public var issued: Int64
    /// The request URL (path and query).
    public var url: String
    /// The query parameters.
    public var query: [String: String]
    /// The auth payload the client sent with CONNECT (`{}` when none).
    public var auth: JSONValue

    /// A handshake from its parts.
    public init(
        headers: HTTPHeaders, time: String, address: String, xdomain: Bool, secure: Bool, issued: Int64, url: String,
        query: [String: String], auth: JSONValue
    ) {
        self.headers = headers
        self.time = time
        self.address = address
        self.xdomain = xdomain
        self.secure = secure
        self.issued = issued
        self.url = url
        self.query = query
        self.auth = auth
    }
}
