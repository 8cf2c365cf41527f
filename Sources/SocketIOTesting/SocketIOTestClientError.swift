public import SocketIOClient

/// Why a `SocketIOTestClient` call failed after the connection was made: a code (compare with the static
/// constants), the event it concerns, a detail for people, and the client's own error when it came from there.
///
/// `SocketIOTestClient.connect` throws the client's `SocketIOClientError` instead (`connectError` carries the
/// server's CONNECT_ERROR message and data).
public struct SocketIOTestClientError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case timeout, disconnected, closed, encodingFailed, decodingFailed, failed
    }

    private let code: Code
    /// The event the call was about (sent, awaited or acknowledged), when there is one.
    public let event: String?
    /// What happened, for people.
    public let detail: String
    /// The client's error this one reports, when the failure came from `SocketIOClient`.
    public let clientError: SocketIOClientError?

    private init(_ code: Code, event: String? = nil, detail: String = "", clientError: SocketIOClientError? = nil) {
        self.code = code
        self.event = event
        self.detail = detail
        self.clientError = clientError
    }

    /// Nothing came in time: no event of that name for `next`, no acknowledgement for `sendWithAck`.
    public static let timeout = SocketIOTestClientError(.timeout)
    /// The connection is gone (the server disconnected the socket or the transport closed).
    public static let disconnected = SocketIOTestClientError(.disconnected)
    /// `close()` was called on this client.
    public static let closed = SocketIOTestClientError(.closed)
    /// The arguments could not be encoded (or the event name is reserved).
    public static let encodingFailed = SocketIOTestClientError(.encodingFailed)
    /// A received value does not decode as the requested type.
    public static let decodingFailed = SocketIOTestClientError(.decodingFailed)
    /// Any other failure reported by the client (see `clientError`).
    public static let failed = SocketIOTestClientError(.failed)

    /// This error about `event`, with `detail`.
    func with(event: String?, _ detail: String, clientError: SocketIOClientError? = nil) -> SocketIOTestClientError {
        SocketIOTestClientError(code, event: event, detail: detail, clientError: clientError)
    }

    /// The test client's error for a failure the client reported while handling `event`.
    static func from(_ error: SocketIOClientError, event: String) -> SocketIOTestClientError {
        let base: SocketIOTestClientError =
            switch error {
            case .timeout: .timeout
            case .disconnected: .disconnected
            case .encodingFailed: .encodingFailed
            case .decodingFailed: .decodingFailed
            default: .failed
            }
        return base.with(event: event, error.detail.isEmpty ? "\(error)" : error.detail, clientError: error)
    }

    /// Errors are equal when their codes are (events and details are for people).
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The code, the event and the detail.
    public var description: String {
        var text = "SocketIOTestClientError.\(code)"
        if let event { text += " (event \"\(event)\")" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }
}
