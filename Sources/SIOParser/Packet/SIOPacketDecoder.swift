/// Decodes Socket.IO packets from the Engine.IO messages of one connection: a text packet, then, for a binary
/// packet, one binary message per attachment.
///
/// A state machine: it is idle or waiting for a binary packet's attachments, and every message returns what it
/// completed (`.packet`) or what it still needs (`.needsAttachments`). Waiting is a state, never an error. Any error
/// resets it to idle and drops a partial packet; the reference server closes the connection on any decoding error,
/// and callers should do the same.
public struct SIOPacketDecoder<Bytes>: Sendable
where Bytes: RandomAccessCollection<UInt8> & Sendable, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    /// A binary packet whose text has arrived (its attachments so far are in `received`).
    @usableFromInline
    struct Pending: Sendable {
        @usableFromInline var header: SIOPacketHeader
        @usableFromInline var text: Bytes
        @usableFromInline var tape: [JSONNode]

        @inlinable
        init(header: SIOPacketHeader, text: Bytes, tape: [JSONNode]) {
            self.header = header
            self.text = text
            self.tape = tape
        }
    }

    /// The state: `nil` when idle, the packet being assembled while waiting for attachments.
    @usableFromInline var pending: Pending?
    /// The attachments of the pending packet so far. Kept beside `pending` rather than inside it so that each one
    /// is appended in place: reading an enum or optional payload copies it, and the copy would make every append
    /// reallocate the array.
    @usableFromInline var received: [Bytes] = []

    /// The protocol revision and limits in force.
    public let options: SIOPacketOptions

    // The public entry points are @inlinable so that callers specialise them for their `Bytes` (the generic code
    // would otherwise look up type metadata on every packet).

    /// A decoder with the given options (defaults: protocol v5, at most 10 attachments).
    @inlinable
    public init(options: SIOPacketOptions = .init()) {
        self.options = options
    }

    /// Whether a binary packet is waiting for attachments.
    @inlinable
    public var isAwaitingAttachments: Bool {
        switch pending {
        case .none: false
        case .some: true
        }
    }

    /// Takes a text message (one encoded packet, without the Engine.IO `4` prefix).
    ///
    /// A text message while attachments are expected is an error, as in the reference decoder.
    @inlinable
    public mutating func receive(text: Bytes) throws(SIOPacketError) -> SIODecodeResult<Bytes> {
        if pending?.header.attachmentCount != nil {
            let error = SIOPacketError.unexpectedText.at(0, pendingDescription())
            reset()
            throw error
        }
        let (header, tape) = try Self.decodeIndexed(text: text, options: options)
        guard header.attachmentCount > 0 else {
            return .packet(SIOPacket(header: header, text: text, tape: tape, attachments: []))
        }
        received.reserveCapacity(header.attachmentCount)
        pending = Pending(header: header, text: text, tape: tape)
        return .needsAttachments(remaining: header.attachmentCount)
    }

    /// Takes a binary message: the next attachment of the packet being assembled.
    @inlinable
    public mutating func receive(binary: Bytes) throws(SIOPacketError) -> SIODecodeResult<Bytes> {
        guard let expected = pending?.header.attachmentCount else {
            throw .unexpectedBinary.at(0, "\(binary.count) bytes of binary data, no binary packet pending")
        }
        received.append(binary)
        let remaining = expected - received.count
        guard remaining <= 0, let done = pending.take() else {
            return .needsAttachments(remaining: remaining)
        }
        var attachments: [Bytes] = []
        swap(&attachments, &received)
        return .packet(SIOPacket(header: done.header, text: done.text, tape: done.tape, attachments: attachments))
    }

    /// What a pending packet still expects, for an error's detail.
    @usableFromInline
    func pendingDescription() -> String {
        switch pending {
        case .none:
            return "no packet pending"
        case .some(let pending):
            let remaining = pending.header.attachmentCount - received.count
            return "\(remaining) attachment(s) of a \(pending.header.type) still expected"
        }
    }

    /// Drops a partially received packet (the reference decoder's `destroy()`).
    @inlinable
    public mutating func reset() {
        pending = nil
        received = []
    }
}
