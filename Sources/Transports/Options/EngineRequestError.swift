public import NIOHTTP1

/// Why the endpoint refused an HTTP request: one of the reference's codes 0–5, with context.
///
/// `status` and `body` are the single place where a refusal becomes bytes on the wire.
public struct EngineRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The Engine.IO error code (0–5), as in the reference's `Server.errors`.
    public let code: Int
    /// The message sent in the body; the reference's text for the code unless a hook supplied one.
    public let message: String
    /// A machine-readable name for the specific cause (the reference's `context.name`, e.g. "TRANSPORT_MISMATCH").
    public let name: String?
    /// Human-readable detail for logs; never sent to the client.
    public let detail: String?
    /// The HTTP status, when it differs from the code's usual one (a session cap answers 503).
    private let statusOverride: UInt?

    private init(code: Int, message: String? = nil, name: String? = nil, detail: String? = nil, status: UInt? = nil) {
        self.code = code
        self.message = message ?? Self.defaultMessage(code)
        self.name = name
        self.detail = detail
        self.statusOverride = status
    }

    /// Code 0: the `transport` parameter is missing, unknown or disabled.
    public static func unknownTransport(_ transport: String?) -> Self {
        .init(code: 0, detail: "transport: \(transport ?? "none")")
    }
    /// Code 1: no session has this sid.
    public static func unknownSID(_ sid: String) -> Self { .init(code: 1, detail: "sid: \(sid)") }
    /// Code 2: a handshake that is not a GET.
    public static func badHandshakeMethod(_ method: String) -> Self { .init(code: 2, detail: "method: \(method)") }
    /// Code 3: a malformed or out-of-place request; `name` says which kind (e.g. "TRANSPORT_MISMATCH").
    public static func badRequest(_ name: String, detail: String? = nil) -> Self {
        .init(code: 3, name: name, detail: detail)
    }
    /// Code 4: refused by `allowRequest` or by the origin check.
    public static func forbidden(_ message: String? = nil, name: String? = nil) -> Self {
        .init(code: 4, message: message, name: name)
    }
    /// Code 5: an `EIO` version the server does not serve.
    public static func unsupportedProtocolVersion(_ version: String?) -> Self {
        .init(code: 5, detail: "EIO: \(version ?? "none")")
    }
    /// Code 3 with 503: the session cap (`EngineConnectionLimits.maxSessions`) is reached.
    public static let serverFull = Self(code: 3, message: "Server full", name: "SESSION_LIMIT", status: 503)

    /// Code 3 with 503: the server is shutting down and opens no new sessions.
    public static let shuttingDown = Self(
        code: 3, message: "Server shutting down", name: "SHUTTING_DOWN", status: 503)

    /// The reference's message for a code.
    public static func defaultMessage(_ code: Int) -> String {
        switch code {
        case 0: "Transport unknown"
        case 1: "Session ID unknown"
        case 2: "Bad handshake method"
        case 3: "Bad request"
        case 4: "Forbidden"
        case 5: "Unsupported protocol version"
        default: "Bad request"
        }
    }

    /// The status of a refused polling request: 403 for code 4, 400 otherwise (the reference's rule).
    public var status: HTTPResponseStatus {
        if let statusOverride { return HTTPResponseStatus(statusCode: Int(statusOverride)) }
        return code == 4 ? .forbidden : .badRequest
    }

    /// The JSON body of a refused polling request: `{"code":N,"message":"..."}`.
    public var body: String {
        var out = "{\"code\":\(code),\"message\":\""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\"}"
    }

    /// Code, message and name, for logs.
    public var description: String {
        "EngineRequestError(code: \(code), message: \(message)" + (name.map { ", name: \($0)" } ?? "")
            + (detail.map { ", detail: \($0)" } ?? "") + ")"
    }
}

/// Thrown by an `allowRequest` hook to refuse a handshake with a message of its choosing (code 4, 403).
public struct EngineRequestRejection: Error, Hashable, Sendable {
    /// Sent as the body's `message`.
    public var message: String
    /// A rejection with this message.
    public init(_ message: String) { self.message = message }
}

/// A refused request, reported like the reference's `connection_error` event.
public struct EngineConnectionError: Sendable {
    /// The request that was refused.
    public var request: EngineRequestHead
    /// The error with its code, message and context.
    public var error: EngineRequestError
    /// A refusal report.
    public init(request: EngineRequestHead, error: EngineRequestError) {
        self.request = request
        self.error = error
    }
}
