/// Why an opening handshake request was refused; `status` is the HTTP status to answer with.
///
/// Two errors are equal when they are of the same kind; `detail` is context for humans and logs.
public struct WSHandshakeError: Error, Hashable, CustomStringConvertible, Sendable {
    private enum Code: Hashable, Sendable {
        case malformedRequest
        case requestTooLarge
        case methodNotAllowed
        case notAnUpgrade
        case unsupportedVersion
        case invalidKey
    }

    private let code: Code
    /// Byte offset in the request head where the problem was found, when the head was parsed here.
    public private(set) var offset: Int?
    /// Human-readable context; never parsed.
    public private(set) var detail: String

    private init(_ code: Code) {
        self.code = code
        self.offset = nil
        self.detail = ""
    }

    /// The request head is not valid HTTP/1.1 (400).
    public static let malformedRequest = WSHandshakeError(.malformedRequest)
    /// The request head exceeds a limit of `WSRequestHead.Limits` (431).
    public static let requestTooLarge = WSHandshakeError(.requestTooLarge)
    /// The method is not GET (405).
    public static let methodNotAllowed = WSHandshakeError(.methodNotAllowed)
    /// `Upgrade: websocket` or `Connection: upgrade` is missing (400).
    public static let notAnUpgrade = WSHandshakeError(.notAnUpgrade)
    /// `Sec-WebSocket-Version` is missing or not 13 (426, with `Sec-WebSocket-Version: 13`).
    public static let unsupportedVersion = WSHandshakeError(.unsupportedVersion)
    /// `Sec-WebSocket-Key` is missing, repeated or not 16 bytes in base64 (400).
    public static let invalidKey = WSHandshakeError(.invalidKey)

    /// The same kind of error with `detail` (and, when given, `offset`) attached.
    public func with(detail: String, offset: Int? = nil) -> WSHandshakeError {
        var copy = self
        copy.detail = detail
        if let offset { copy.offset = offset }
        return copy
    }

    /// The HTTP status to answer with: the one mapping from handshake errors to the wire.
    public var status: Int {
        switch code {
        case .malformedRequest, .notAnUpgrade, .invalidKey: 400
        case .methodNotAllowed: 405
        case .requestTooLarge: 431
        case .unsupportedVersion: 426
        }
    }

    /// Headers the refusal must carry (RFC 6455 §4.4: a version mismatch names the supported version).
    public var responseHeaders: [(name: String, value: String)] {
        switch code {
        case .unsupportedVersion: [("Sec-WebSocket-Version", "13")]
        case .methodNotAllowed: [("Allow", "GET")]
        case .malformedRequest, .requestTooLarge, .notAnUpgrade, .invalidKey: []
        }
    }

    private var name: String {
        switch code {
        case .malformedRequest: "malformed request"
        case .requestTooLarge: "request too large"
        case .methodNotAllowed: "method not allowed"
        case .notAnUpgrade: "not a websocket upgrade"
        case .unsupportedVersion: "unsupported version"
        case .invalidKey: "invalid key"
        }
    }

    public static func == (lhs: WSHandshakeError, rhs: WSHandshakeError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        var text = "WSHandshakeError(\(status) \(name)"
        if let offset { text += " at \(offset)" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text + ")"
    }
}
