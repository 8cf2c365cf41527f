public import SIOParser
public import SIOParserNIO

/// A connection refused by namespace middleware: the client gets CONNECT_ERROR `{message, data}`.
///
/// Middleware may throw any error; one that is not a `SocketConnectError` is sent with its description as the
/// message and no data.
public struct SocketConnectError: Error, Sendable, CustomStringConvertible {
    /// The message the client sees.
    public var message: String
    /// Extra data the client sees (must not contain binary).
    public var data: JSONValue?

    /// An error with a message and optional data.
    public init(_ message: String, data: JSONValue? = nil) {
        self.message = message
        self.data = data
    }

    /// The message.
    public var description: String { message }
}

/// Why an emit, an acknowledgement or an event handler failed.
public struct SocketIOError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case ackTimeout, disconnected, reservedEventName, encodingFailed, decodingFailed, handlerFailed
        case middlewareRejected, notConnected, missingTimeout
    }

    private let code: Code
    /// Context: the event name, the underlying error.
    public let detail: String

    private init(_ code: Code, _ detail: String = "") {
        self.code = code
        self.detail = detail
    }

    /// No acknowledgement arrived within the timeout (the reference's "operation has timed out").
    public static let ackTimeout = SocketIOError(.ackTimeout)
    /// The socket disconnected before the acknowledgement arrived.
    public static let disconnected = SocketIOError(.disconnected)
    /// The event name is reserved (`connect`, `connect_error`, `disconnect`, `disconnecting`, `newListener`,
    /// `removeListener`).
    public static let reservedEventName = SocketIOError(.reservedEventName)
    /// The arguments could not be encoded.
    public static let encodingFailed = SocketIOError(.encodingFailed)
    /// An event's arguments did not decode as the handler's types.
    public static let decodingFailed = SocketIOError(.decodingFailed)
    /// An event handler threw.
    public static let handlerFailed = SocketIOError(.handlerFailed)
    /// Packet middleware refused the packet.
    public static let middlewareRejected = SocketIOError(.middlewareRejected)
    /// The socket is not connected.
    public static let notConnected = SocketIOError(.notConnected)
    /// A broadcast asked for acknowledgements without `timeout(_:)` (sockets that leave would never answer).
    public static let missingTimeout = SocketIOError(.missingTimeout)

    /// The same error with context.
    public func with(_ detail: String) -> SocketIOError { SocketIOError(code, detail) }

    /// Equal when the kinds are equal, whatever the detail.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the kind only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The kind and its context.
    public var description: String {
        let name: String
        switch code {
        case .ackTimeout: name = "operation has timed out"
        case .disconnected: name = "socket has been disconnected"
        case .reservedEventName: name = "reserved event name"
        case .encodingFailed: name = "arguments could not be encoded"
        case .decodingFailed: name = "arguments did not decode"
        case .handlerFailed: name = "event handler failed"
        case .middlewareRejected: name = "packet middleware refused the packet"
        case .notConnected: name = "socket is not connected"
        case .missingTimeout: name = "broadcast acknowledgements need a timeout"
        }
        return detail.isEmpty ? name : "\(name): \(detail)"
    }
}

/// A broadcast's acknowledgements did not all arrive in time; the ones that did are kept.
public struct BroadcastAckTimeout: Error, Sendable, CustomStringConvertible {
    /// The answers that arrived, in arrival order.
    public var responses: [SIOArguments]
    /// How many answers were expected when the timeout fired (-1 if some node had not reported its count).
    public var expected: Int

    /// The counts.
    public var description: String {
        "operation has timed out: \(responses.count) of \(expected < 0 ? "?" : String(expected)) acknowledgements"
    }
}
