/// Decodes Socket.IO packets from the Engine.IO messages of one connection: a text packet, then, for a binary
/// packet, one binary message per attachment.
///
/// A state machine: it is idle or waiting for a binary packet's attachments, and every message returns what it
/// completed (`.packet`) or what it still needs (`.needsAttachments`). Waiting is a state, never an error. Any error
/// resets it to idle and drops a partial packet; the reference server closes the connection on any decoding error,
/// and callers should do the same.
public struct SIOPacketDecoder<Bytes>: Sendable
where Bytes: RandomAccessCollection<UInt8> & Sendable, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    /// A binary packet whose text has arrived, with the attachments received so far.
    @usableFromInline
    struct Pending: Sendable {
        @usableFromInline var header: SIOPacketHeader
        @usableFromInline var text: Bytes
        @usableFromInline var payload: JSONDocument<Bytes>?
        @usableFromInline var received: [Bytes]

        @inlinable
        init(header: SIOPacketHeader, text: Bytes, payload: JSONDocument<Bytes>?, received: [Bytes]) {
            self.header = header
            self.text = text
            self.payload = payload
            self.received = received
        }
    }

    @usableFromInline
    enum State: Sendable {
        case idle
        case awaitingAttachments(Pending)
    }

    /// The protocol revision and limits in force.
    public let options: SIOPacketOptions
    @usableFromInline var state: State = .idle

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
        switch state {
        case .idle: false
        case .awaitingAttachments: true
        }
    }

    /// Takes a text message (one encoded packet, without the Engine.IO `4` prefix).
    ///
    /// A text message while attachments are expected is an error, as in the reference decoder.
    @inlinable
    public mutating func receive(text: Bytes) throws(SIOPacketError) -> SIODecodeResult<Bytes> {
        switch state {
        case .idle:
            break
        case .awaitingAttachments:  // no binding here: the common path must not copy the state
            let error = SIOPacketError.unexpectedText.at(0, pendingDescription())
            state = .idle
            throw error
        }
        let (header, payload) = try Self.decode(text: text, options: options)
        guard header.attachmentCount > 0 else {
            return .packet(SIOPacket(header: header, text: text, payload: payload, attachments: []))
        }
        var received: [Bytes] = []
        received.reserveCapacity(header.attachmentCount)
        state = .awaitingAttachments(Pending(header: header, text: text, payload: payload, received: received))
        return .needsAttachments(remaining: header.attachmentCount)
    }

    /// Takes a binary message: the next attachment of the packet being assembled.
    @inlinable
    public mutating func receive(binary: Bytes) throws(SIOPacketError) -> SIODecodeResult<Bytes> {
        switch state {
        case .idle:
            throw .unexpectedBinary.at(0, "\(binary.count) bytes of binary data, no binary packet pending")
        case .awaitingAttachments(var pending):
            state = .idle  // let `pending.received` be uniquely referenced while it grows
            pending.received.append(binary)
            let remaining = pending.header.attachmentCount - pending.received.count
            guard remaining == 0 else {
                state = .awaitingAttachments(pending)
                return .needsAttachments(remaining: remaining)
            }
            return .packet(
                SIOPacket(
                    header: pending.header, text: pending.text, payload: pending.payload, attachments: pending.received)
            )
        }
    }

    /// What a pending packet still expects, for an error's detail.
    @usableFromInline
    func pendingDescription() -> String {
        switch state {
        case .idle:
            return "no packet pending"
        case .awaitingAttachments(let pending):
            let remaining = pending.header.attachmentCount - pending.received.count
            return "\(remaining) attachment(s) of a \(pending.header.type) still expected"
        }
    }

    /// Drops a partially received packet (the reference decoder's `destroy()`).
    @inlinable
    public mutating func reset() {
        state = .idle
    }
}
