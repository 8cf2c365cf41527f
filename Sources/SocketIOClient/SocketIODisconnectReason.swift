/// Why a socket disconnected; `description` is the reference client's reason string.
public struct SocketIODisconnectReason: Hashable, Sendable, CustomStringConvertible {
    private enum Code: String, Hashable, Sendable {
        case serverDisconnect = "io server disconnect"
        case clientDisconnect = "io client disconnect"
        case pingTimeout = "ping timeout"
        case transportClose = "transport close"
        case transportError = "transport error"
        case parseError = "parse error"
        case forcedClose = "forced close"
    }

    private let code: Code
    /// More about the cause (the transport's error, for instance).
    public let detail: String

    private init(_ code: Code, detail: String = "") {
        self.code = code
        self.detail = detail
    }

    /// The server sent DISCONNECT; the socket does not reconnect.
    public static let serverDisconnect = SocketIODisconnectReason(.serverDisconnect)
    /// `disconnect()` was called; the socket does not reconnect.
    public static let clientDisconnect = SocketIODisconnectReason(.clientDisconnect)
    /// The server stopped pinging.
    public static let pingTimeout = SocketIODisconnectReason(.pingTimeout)
    /// The connection was closed (the server closed it, or the network went away cleanly).
    public static let transportClose = SocketIODisconnectReason(.transportClose)
    /// The connection failed.
    public static let transportError = SocketIODisconnectReason(.transportError)
    /// The server sent something that does not decode; the client closed the connection.
    public static let parseError = SocketIODisconnectReason(.parseError)
    /// The manager closed the connection.
    public static let forcedClose = SocketIODisconnectReason(.forcedClose)

    /// Whether the manager reconnects after this reason (all but the two explicit disconnects).
    public var isRecoverable: Bool {
        switch code {
        case .serverDisconnect, .clientDisconnect: false
        case .pingTimeout, .transportClose, .transportError, .parseError, .forcedClose: true
        }
    }

    /// This reason with `detail`.
    func with(_ detail: String) -> SocketIODisconnectReason { SocketIODisconnectReason(code, detail: detail) }

    /// Reasons are equal when their codes are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The reference's reason string.
    public var description: String { code.rawValue }
}
