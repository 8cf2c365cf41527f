/// Why a WebSocket connection is failed: a kind (one of the static constants), where it was found and a detail.
///
/// Two errors are equal when they are of the same kind; `offset` and `detail` are context for humans and logs.
public struct WSError: Error, Hashable, CustomStringConvertible, Sendable {
    private enum Code: Hashable, Sendable {
        case protocolError
        case invalidPayloadData
        case messageTooBig
        case policyViolation
        case internalError
    }

    private let code: Code
    /// Byte offset in the connection's inbound stream (or in the message) where the problem was found, if known.
    public private(set) var offset: Int?
    /// Human-readable context; never parsed.
    public private(set) var detail: String

    private init(_ code: Code) {
        self.code = code
        self.offset = nil
        self.detail = ""
    }

    /// The peer broke RFC 6455 framing or sequencing (close code 1002).
    public static let protocolError = WSError(.protocolError)
    /// A text message or close reason is not valid UTF-8, or a compressed payload is corrupt (close code 1007).
    public static let invalidPayloadData = WSError(.invalidPayloadData)
    /// A frame, message or fragment count exceeds a configured limit (close code 1009).
    public static let messageTooBig = WSError(.messageTooBig)
    /// The peer violated a local policy that has no more specific code (close code 1008).
    public static let policyViolation = WSError(.policyViolation)
    /// This endpoint failed (e.g. zlib reported an internal error) (close code 1011).
    public static let internalError = WSError(.internalError)

    /// The same kind of error with `detail` (and, when given, `offset`) attached.
    public func with(detail: String, offset: Int? = nil) -> WSError {
        var copy = self
        copy.detail = detail
        if let offset { copy.offset = offset }
        return copy
    }

    /// The same error with its offset moved by `delta` (used when a nested parser reports a local offset).
    func shifted(by delta: Int) -> WSError {
        var copy = self
        copy.offset = (offset ?? 0) + delta
        return copy
    }

    /// The close code this endpoint sends when it fails the connection for this error; the one mapping in the module.
    public var closeCode: WSCloseCode {
        switch code {
        case .protocolError: .protocolError
        case .invalidPayloadData: .invalidPayloadData
        case .messageTooBig: .messageTooBig
        case .policyViolation: .policyViolation
        case .internalError: .internalError
        }
    }

    /// The short name of the kind, for descriptions.
    private var name: String {
        switch code {
        case .protocolError: "protocol error"
        case .invalidPayloadData: "invalid payload data"
        case .messageTooBig: "message too big"
        case .policyViolation: "policy violation"
        case .internalError: "internal error"
        }
    }

    public static func == (lhs: WSError, rhs: WSError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        var text = "WSError(\(name)"
        if let offset { text += " at \(offset)" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text + ")"
    }
}
