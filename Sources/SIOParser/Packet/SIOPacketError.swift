/// Why a Socket.IO packet could not be decoded or encoded.
///
/// Errors of the same kind compare equal whatever their offset and detail, so callers match them against the static
/// constants (`error == .invalidPayload`); `offset` and `detail` are context for logs. The receiving side of a
/// connection treats every one of them as fatal for the connection, as the reference server does.
public struct SIOPacketError: Error, Hashable, CustomStringConvertible, Sendable {
    private enum Code: String, Hashable, Sendable {
        case emptyPacket = "empty packet"
        case unknownPacketType = "unknown packet type"
        case invalidAttachmentCount = "illegal attachment count"
        case tooManyAttachments = "too many attachments"
        case namespaceTooLong = "namespace too long"
        case invalidNamespace = "invalid namespace"
        case ackIDTooLarge = "ack id too large"
        case unexpectedAckID = "unexpected ack id"
        case invalidJSON = "invalid JSON payload"
        case invalidPayload = "invalid payload"
        case reservedEventName = "reserved event name"
        case invalidPlaceholder = "invalid attachment placeholder"
        case placeholderOutOfRange = "attachment placeholder out of range"
        case duplicatePlaceholder = "duplicate attachment placeholder"
        case missingPlaceholder = "missing attachment placeholder"
        case unexpectedBinary = "binary data when not reconstructing a packet"
        case unexpectedText = "text data when reconstructing a packet"
        case attachmentCountMismatch = "attachment count mismatch"
    }

    private let code: Code
    /// The byte offset in the text packet (or the attachment's index, for attachment errors) where the problem was found.
    public let offset: Int
    /// A human-readable account of the problem.
    public let detail: String

    private init(_ code: Code, offset: Int = 0, detail: String = "") {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    /// The same kind of error with its context filled in.
    @usableFromInline
    func at(_ offset: Int, _ detail: String) -> SIOPacketError {
        SIOPacketError(code, offset: offset, detail: detail)
    }

    /// The text packet was empty: there is no type digit.
    public static let emptyPacket = SIOPacketError(.emptyPacket)
    /// The first character is not a packet type digit `0`...`6`.
    public static let unknownPacketType = SIOPacketError(.unknownPacketType)
    /// A binary packet's attachment count is not digits followed by `-`.
    public static let invalidAttachmentCount = SIOPacketError(.invalidAttachmentCount)
    /// A binary packet announces more attachments than `maxAttachments` allows.
    public static let tooManyAttachments = SIOPacketError(.tooManyAttachments)
    /// The namespace is longer than `maxNamespaceLength` bytes.
    public static let namespaceTooLong = SIOPacketError(.namespaceTooLong)
    /// A namespace given to the encoder does not start with `/` or contains `,`.
    public static let invalidNamespace = SIOPacketError(.invalidNamespace)
    /// The acknowledgement id exceeds `maxAckID`.
    public static let ackIDTooLarge = SIOPacketError(.ackIDTooLarge)
    /// An ack id on a packet type that cannot carry one (given to the encoder).
    public static let unexpectedAckID = SIOPacketError(.unexpectedAckID)
    /// The payload is not valid JSON, or JSON is followed by trailing bytes.
    public static let invalidJSON = SIOPacketError(.invalidJSON)
    /// The payload is valid JSON of the wrong shape for the packet type (or missing where it is mandatory).
    public static let invalidPayload = SIOPacketError(.invalidPayload)
    /// An event's name is one the protocol reserves (`connect`, `disconnect`, ...).
    public static let reservedEventName = SIOPacketError(.reservedEventName)
    /// An object with a `_placeholder` member is not exactly `{"_placeholder":true,"num":<integer>}`.
    public static let invalidPlaceholder = SIOPacketError(.invalidPlaceholder)
    /// A placeholder's `num` is not below the announced attachment count.
    public static let placeholderOutOfRange = SIOPacketError(.placeholderOutOfRange)
    /// Two placeholders refer to the same attachment.
    public static let duplicatePlaceholder = SIOPacketError(.duplicatePlaceholder)
    /// An announced attachment has no placeholder in the payload.
    public static let missingPlaceholder = SIOPacketError(.missingPlaceholder)
    /// A binary message arrived while no binary packet was waiting for attachments.
    public static let unexpectedBinary = SIOPacketError(.unexpectedBinary)
    /// A text message arrived while a binary packet was still waiting for attachments.
    public static let unexpectedText = SIOPacketError(.unexpectedText)
    /// The encoder was given a different number of attachments than the payload's placeholders.
    public static let attachmentCountMismatch = SIOPacketError(.attachmentCountMismatch)

    /// The kind's identifier (`"invalidPayload"`), as conformance vectors name it.
    public var kind: String { "\(code)" }

    /// Errors are equal when they are of the same kind.
    public static func == (lhs: SIOPacketError, rhs: SIOPacketError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the kind only, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }

    /// The kind, the offset and the detail.
    public var description: String {
        detail.isEmpty ? "\(code.rawValue) at offset \(offset)" : "\(code.rawValue) at offset \(offset): \(detail)"
    }
}
