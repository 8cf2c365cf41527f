/// Where and how an `EngineClient` connects.
public struct EngineClientConfiguration: Sendable {
    /// The server's host name or address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The Engine.IO path; the reference client's default is `/socket.io/`.
    public var path: String = "/socket.io/"
    /// Extra query parameters sent with every request (after `EIO`, `transport` and `sid`).
    public var query: [(name: String, value: String)] = []
    /// Extra HTTP header fields sent with every request and the WebSocket upgrade.
    public var headers: [(name: String, value: String)] = []
    /// The transports to use, the first one opens the session (the reference's default: polling, then WebSocket).
    public var transports: [EngineClientTransport] = [.polling, .websocket]
    /// Whether to upgrade from polling to WebSocket when the server offers it.
    public var upgrade: Bool = true
    /// How long the handshake (TCP connect, request and open packet) may take before `connect` throws `timeout`.
    public var connectTimeout: Duration = .seconds(20)
    /// The largest polling response or WebSocket message accepted, in bytes (default 10 MB).
    public var maxIncomingBytes: Int = 10_000_000
    /// The most bytes of messages that may wait for the transport (polling sends one POST at a time); a send beyond
    /// it throws `EngineClientError.sendQueueFull` (default 10 MB; a single larger message is still accepted when
    /// the queue is empty).
    public var maxQueuedBytes: Int = 10_000_000

    /// A configuration for `http://host:port` with the reference client's defaults.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The path with a trailing slash, as the reference client sends it.
    var normalizedPath: String {
        var result = path.hasPrefix("/") ? path : "/" + path
        if !result.hasSuffix("/") { result += "/" }
        return result
    }

    /// The request target for `transport`, with the session id once known.
    func target(transport: EngineClientTransport, sid: String?) -> String {
        var result = normalizedPath + "?EIO=4&transport=" + transport.queryValue
        if let sid { result += "&sid=" + Self.percentEncode(sid) }
        for (name, value) in query { result += "&" + Self.percentEncode(name) + "=" + Self.percentEncode(value) }
        return result
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
            }
        }
        return out
    }
}
