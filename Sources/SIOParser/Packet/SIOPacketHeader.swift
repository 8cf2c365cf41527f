/// The part of a text packet before its JSON payload: type, attachment count, namespace, ack id.
///
/// Positions are offsets into the parsed bytes, so a header can be read without copying and without touching the
/// payload (a router can dispatch on namespace and type before any JSON is parsed).
public struct SIOPacketHeader: Hashable, Sendable {
    /// The packet type.
    public var type: SIOPacketType
    /// The number of binary attachments announced (`<n>-`); 0 for non-binary types.
    public var attachmentCount: Int
    /// Where the namespace is (without the trailing `,` and, in v4 CONNECT, without the query); `nil` for `/`.
    public var namespaceRange: Range<Int>?
    /// Where a v4 CONNECT's query string is (after `?`, before `,`); `nil` when absent.
    public var queryRange: Range<Int>?
    /// The acknowledgement id, if any.
    public var ackID: UInt64?
    /// Where the JSON payload starts; equal to the packet's end when there is none.
    public var payloadStart: Int

    /// A header with the given fields.
    public init(
        type: SIOPacketType, attachmentCount: Int = 0, namespaceRange: Range<Int>? = nil, queryRange: Range<Int>? = nil,
        ackID: UInt64? = nil, payloadStart: Int
    ) {
        self.type = type
        self.attachmentCount = attachmentCount
        self.namespaceRange = namespaceRange
        self.queryRange = queryRange
        self.ackID = ackID
        self.payloadStart = payloadStart
    }
}

extension SIOPacketHeader {
    private static let digit0: UInt8 = 0x30
    private static let dash: UInt8 = 0x2D
    private static let slash: UInt8 = 0x2F
    private static let comma: UInt8 = 0x2C
    private static let question: UInt8 = 0x3F

    /// Parses the header at the start of `bytes` (a whole text packet), checking the limits in `options`.
    ///
    /// Offsets in the result are relative to `bytes.startIndex`'s position, i.e. 0-based.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, options: SIOPacketOptions
    ) throws(SIOPacketError) -> SIOPacketHeader {
        let end = bytes.count
        guard end > 0 else { throw .emptyPacket.at(0, "a packet needs at least its type digit") }
        let first = bytes[0]
        guard first >= digit0, first <= digit0 + 6 else {
            throw .unknownPacketType.at(0, "type byte 0x\(String(first, radix: 16))")
        }
        let type = SIOPacketType(rawValue: first - digit0)
        var i = 1

        var attachments = 0
        if type.isBinary {
            // Digits then "-"; the value saturates so a long run of digits cannot overflow.
            let start = i
            while i < end, bytes[i] &- digit0 < 10 {
                attachments = min(attachments * 10 + Int(bytes[i] &- digit0), Int(Int32.max))
                i += 1
            }
            guard i > start, i < end, bytes[i] == dash else {
                throw .invalidAttachmentCount.at(i, "a binary packet's header needs <digits>-")
            }
            guard attachments <= options.maxAttachments else {
                throw .tooManyAttachments.at(
                    start, "\(attachments) announced, at most \(options.maxAttachments) allowed")
            }
            i += 1
        }

        var namespace: Range<Int>?
        var query: Range<Int>?
        if i < end, bytes[i] == slash {
            let start = i
            let limit = min(end, start + options.maxNamespaceLength)
            while i < limit, bytes[i] != comma { i += 1 }
            if i == limit, i < end, bytes[i] != comma {
                throw .namespaceTooLong.at(start, "longer than \(options.maxNamespaceLength) bytes")
            }
            namespace = start..<i
            if options.version == .v4, type == .connect {
                var q = start
                while q < i, bytes[q] != question { q += 1 }
                if q < i {
                    namespace = start..<q
                    query = (q + 1)..<i
                }
            }
            if i < end { i += 1 }  // the comma; a namespace may also run to the end, as the reference accepts
        }

        var ackID: UInt64?
        if i < end, bytes[i] &- digit0 < 10 {
            let start = i
            var value: UInt64 = 0
            while i < end, bytes[i] &- digit0 < 10 {
                let next = value.multipliedReportingOverflow(by: 10)
                let sum = next.partialValue.addingReportingOverflow(UInt64(bytes[i] &- digit0))
                guard !next.overflow, !sum.overflow, sum.partialValue <= options.maxAckID else {
                    throw .ackIDTooLarge.at(start, "above the limit of \(options.maxAckID)")
                }
                value = sum.partialValue
                i += 1
            }
            switch type {
            case .event, .ack, .binaryEvent, .binaryAck:
                ackID = value
            default:
                throw .unexpectedAckID.at(start, "\(type) carries no ack id")
            }
        }

        return SIOPacketHeader(
            type: type, attachmentCount: attachments, namespaceRange: namespace, queryRange: query, ackID: ackID,
            payloadStart: i
        )
    }
}
