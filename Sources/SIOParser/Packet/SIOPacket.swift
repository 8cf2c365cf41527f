/// A decoded Socket.IO packet: its header, its validated JSON payload and its binary attachments, all slices of the
/// messages it was decoded from (nothing is copied).
///
/// The payload was validated once by the decoder; `eventName` and `arguments` read it lazily, and
/// `decodedPayload()` materialises it when a handler asks for values.
public struct SIOPacket<Bytes>: Sendable
where Bytes: RandomAccessCollection<UInt8> & Sendable, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    /// Type, attachment count, namespace and query positions, ack id; positions are offsets into `text`.
    public let header: SIOPacketHeader
    /// The whole text packet, as received.
    public let text: Bytes
    /// The attachments, `nil` when there are none: the common packet then holds no array reference to copy and
    /// destroy with it.
    @usableFromInline let storedAttachments: [Bytes]?
    /// The payload's validated index; empty when the packet has none. The payload's bytes are `text` from
    /// `header.payloadStart` on, so the packet keeps one reference to them instead of a second slice.
    @usableFromInline let tape: [JSONNode]
    /// Indices into `text` of an event's name token, found once so that dispatch reads it for free.
    @usableFromInline let eventNameIndices: Range<Int>?

    /// Assembles a packet from its header, text, payload index (empty for none) and attachments. Only the decoder
    /// builds packets: the index must describe `text` from `header.payloadStart` on, which nothing else can promise.
    @inlinable
    init(header: SIOPacketHeader, text: Bytes, tape: [JSONNode], attachments: [Bytes]) {
        self.header = header
        self.text = text
        self.tape = tape
        storedAttachments = attachments.isEmpty ? nil : attachments
        // An event's payload is a non-empty array (the decoder checked), so its name is index entry 1.
        if header.type.isEvent, tape.count > 1, tape[0].kind == JSONKind.array.rawValue, tape[0].count > 0 {
            let base = text.startIndex + header.payloadStart
            eventNameIndices = (base + Int(tape[1].start))..<(base + Int(tape[1].end))
        } else {
            eventNameIndices = nil
        }
    }

    /// The binary attachments in the order they arrived; placeholder `num` `i` refers to `attachments[i]`.
    @inlinable
    public var attachments: [Bytes] { storedAttachments ?? [] }

    /// The JSON payload, validated; `nil` when the packet has none.
    @inlinable
    public var payload: JSONDocument<Bytes>? {
        guard !tape.isEmpty else { return nil }
        return JSONDocument(bytes: text[(text.startIndex + header.payloadStart)...], tape: tape)
    }

    /// The packet type.
    @inlinable
    public var type: SIOPacketType { header.type }

    /// The acknowledgement id, if the sender expects an acknowledgement (or this is one).
    @inlinable
    public var ackID: UInt64? { header.ackID }

    /// The namespace's bytes, or `nil` for the main namespace `/` when the header omits it.
    @inlinable
    public var namespaceBytes: Bytes? {
        header.namespaceRange.map { slice($0) }
    }

    /// The namespace (`/` when omitted); invalid UTF-8 is repaired with U+FFFD.
    @inlinable
    public var namespace: String {
        guard let bytes = namespaceBytes else { return "/" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the namespace is `name`, without allocating.
    @inlinable
    public func namespaceEquals(_ name: String) -> Bool {
        guard let bytes = namespaceBytes else { return name == "/" }
        return ByteComparison.bytes(bytes, equalUTF8Of: name)
    }

    /// A v4 CONNECT's query string (after `?`), undecoded; `nil` when absent or not v4.
    @inlinable
    public var query: Bytes? {
        header.queryRange.map { slice($0) }
    }

    /// The event's name or numeric identifier (the payload's first element), for EVENT and BINARY_EVENT packets.
    @inlinable
    public var eventName: JSONView<Bytes>? {
        guard eventNameIndices != nil, let payload else { return nil }
        return JSONView(document: payload, index: 1)
    }

    /// The event name's JSON text exactly as received (a string with its quotes, or a number): a slice, no copy.
    @inlinable
    public var eventNameBytes: Bytes? {
        guard let indices = eventNameIndices else { return nil }
        return text[indices]
    }

    /// Whether the event's name is the string `name` (escapes resolved), without allocating.
    @inlinable
    public func eventNameEquals(_ name: String) -> Bool {
        guard let raw = eventNameBytes, raw.first == 0x22 else { return false }
        // An escape-free name is its quoted bytes; with escapes it is at least as long as the text it spells, so
        // a longer name cannot match either way.
        let quoted = raw.dropFirst().dropLast()
        guard quoted.count >= name.utf8.count else { return false }
        if !quoted.contains(0x5C) {
            return ByteComparison.bytes(quoted, equalUTF8Of: name)
        }
        return eventName?.stringEquals(name) ?? false
    }

    /// The arguments: an event's elements after its name, an acknowledgement's elements; empty otherwise.
    /// Placeholders appear as objects; `decodedPayload()` resolves them.
    @inlinable
    public var arguments: ArraySlice<JSONView<Bytes>> {
        guard type.isEvent || type.isAck, let root = payload?.root else { return [] }
        let all = Array(root.elements)
        return type.isEvent ? all.dropFirst() : all[...]
    }

    @inlinable
    func slice(_ range: Range<Int>) -> Bytes {
        text[(text.startIndex + range.lowerBound)..<(text.startIndex + range.upperBound)]
    }
}
