/// A failure of the client: connecting, the handshake, a request or the WebSocket.
public struct EngineClientError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case connectFailed
        case handshakeFailed
        case requestFailed
        case webSocketFailed
        case closed
        case timeout
        case sendQueueFull
    }

    private let code: Code
    /// What happened: the address, the status, the underlying error.
    public let detail: String

    private init(_ code: Code, _ detail: String = "") {
        self.code = code
        self.detail = detail
    }

    /// The TCP connection could not be made (refused, unreachable).
    public static let connectFailed = EngineClientError(.connectFailed)
    /// The server refused the handshake or answered something that is not an open packet.
    public static let handshakeFailed = EngineClientError(.handshakeFailed)
    /// A polling request failed or got a non-200 status.
    public static let requestFailed = EngineClientError(.requestFailed)
    /// The WebSocket upgrade was refused or the connection failed.
    public static let webSocketFailed = EngineClientError(.webSocketFailed)
    /// The client is closed.
    public static let closed = EngineClientError(.closed)
    /// More message data is waiting for the transport than `EngineClientConfiguration.maxQueuedBytes` allows.
    public static let sendQueueFull = EngineClientError(.sendQueueFull)
    /// The operation took longer than allowed.
    public static let timeout = EngineClientError(.timeout)

    /// The same error with a detail.
    func with(_ detail: String) -> EngineClientError { EngineClientError(code, detail) }

    /// Errors are equal when their kinds are; the detail is informative only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the kind only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The kind and the detail.
    public var description: String {
        let name =
            switch code {
            case .connectFailed: "connect failed"
            case .handshakeFailed: "handshake failed"
            case .requestFailed: "request failed"
            case .webSocketFailed: "WebSocket failed"
            case .closed: "client closed"
            case .timeout: "timed out"
            case .sendQueueFull: "send queue full"
            }
        return detail.isEmpty ? name : "\(name): \(detail)"
    }
}
