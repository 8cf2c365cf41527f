public import SIOParser

/// Why a Socket.IO client operation failed: a code (compare with the static constants), a detail, and for
/// `connectError` the server's message and data.
public struct SocketIOClientError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case connectError, timeout, disconnected, bufferFull, encodingFailed, decodingFailed
        case connectionFailed
        case cancelled
    }

    private let code: Code
    /// What happened, for people.
    public let detail: String
    /// The server's CONNECT_ERROR message (`connectError` only).
    public let message: String?
    /// The server's CONNECT_ERROR data (`connectError` only).
    public let data: JSONValue?

    private init(_ code: Code, detail: String = "", message: String? = nil, data: JSONValue? = nil) {
        self.code = code
        self.detail = detail
        self.message = message
        self.data = data
    }

    /// The server refused the namespace with CONNECT_ERROR (see `message` and `data`).
    public static let connectError = SocketIOClientError(.connectError)
    /// No answer in time: a CONNECT or an acknowledgement.
    public static let timeout = SocketIOClientError(.timeout)
    /// The socket disconnected while waiting (an acknowledgement, or `connect()`).
    public static let disconnected = SocketIOClientError(.disconnected)
    /// More emits are queued while disconnected than `maxBufferedEmits` allows.
    public static let bufferFull = SocketIOClientError(.bufferFull)
    /// The values could not be encoded (or the event name is reserved).
    public static let encodingFailed = SocketIOClientError(.encodingFailed)
    /// A received value does not decode as the requested type.
    public static let decodingFailed = SocketIOClientError(.decodingFailed)
    /// The Engine.IO connection could not be opened and will not be retried.
    public static let connectionFailed = SocketIOClientError(.connectionFailed)
    /// The waiting task was cancelled.
    public static let cancelled = SocketIOClientError(.cancelled)

    /// This error with `detail`.
    func with(_ detail: String) -> SocketIOClientError {
        SocketIOClientError(code, detail: detail, message: message, data: data)
    }

    /// A `connectError` carrying the server's message and data.
    static func connectError(message: String, data: JSONValue?) -> SocketIOClientError {
        SocketIOClientError(.connectError, detail: message, message: message, data: data)
    }

    /// Errors are equal when their codes are (details are for people).
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The code and the detail.
    public var description: String {
        detail.isEmpty ? "SocketIOClientError.\(code)" : "SocketIOClientError.\(code): \(detail)"
    }
}
