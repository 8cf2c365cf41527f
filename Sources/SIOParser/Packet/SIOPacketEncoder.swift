/// Encodes Socket.IO packets byte for byte as the reference encoder (`socket.io-parser`) does:
/// `<type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]`, then one binary message per attachment.
///
/// Encoders append to the caller's `[UInt8]`: a transport copies it once into its own buffer and writes that buffer
/// to every target of a broadcast. Packets are checked before anything is written, so a thrown error leaves the
/// output as it was.
public struct SIOPacketEncoder: Sendable {
    /// The protocol revision (what CONNECT and CONNECT_ERROR carry) and the limits a peer enforces.
    public let options: SIOPacketOptions

    /// An encoder for the given revision and limits (defaults: v5).
    public init(options: SIOPacketOptions = .init()) {
        self.options = options
    }

    /// Appends a packet whose payload is a value; every `.binary` in it becomes a placeholder, and an EVENT or ACK
    /// that carries any becomes a BINARY_EVENT or BINARY_ACK, as in the reference encoder.
    ///
    /// - Returns: the attachments to send after the text packet, in placeholder order.
    @discardableResult
    public func encode(
        _ type: SIOPacketType, namespace: String = "/", ackID: UInt64? = nil, payload: JSONValue?,
        into text: inout [UInt8]
    ) throws(SIOPacketError) -> [[UInt8]] {
        try checkPayload(type, payload)
        try checkHeader(type, namespace: namespace.utf8, query: [UInt8]?.none, ackID: ackID)
        let start = text.count
        var collector = JSONAttachmentCollector()
        JSONSink.write(into: &text) { sink in
            writeHeader(type, namespace: namespace, ackID: ackID, into: &sink)
            payload?.write(to: &sink, slots: &collector)
        }
        finishBinary(type, start: start, attachmentCount: collector.attachments.count, into: &text)
        return collector.attachments
    }

    /// Turns an EVENT or ACK written at `start` into its binary variant when it turned out to carry attachments,
    /// and writes the count of a binary packet. The count precedes the payload but is known only after it, so it
    /// is inserted behind the type digit (binary packets only; their attachments dominate the cost anyway).
    func finishBinary(_ type: SIOPacketType, start: Int, attachmentCount: Int, into text: inout [UInt8]) {
        let finalType = attachmentCount == 0 ? type : type.binaryVariant
        guard finalType.isBinary else { return }
        text[start] = 0x30 + finalType.rawValue
        var count: [UInt8] = []
        JSONWriter.appendInt(Int64(attachmentCount), to: &count)
        count.append(0x2D)
        text.insert(contentsOf: count, at: start + 1)
    }

    /// Appends a packet whose payload is already serialized JSON in which binary values are already placeholders
    /// numbered `0..<attachmentCount` (what Codable bridging produces). The payload is trusted, not re-validated.
    ///
    /// An EVENT or ACK with attachments is written as BINARY_EVENT or BINARY_ACK.
    public func encode<Payload: Collection<UInt8>>(
        _ type: SIOPacketType, namespace: String = "/", ackID: UInt64? = nil, serializedPayload: Payload,
        attachmentCount: Int, into text: inout [UInt8]
    ) throws(SIOPacketError) {
        let finalType = attachmentCount > 0 ? type.binaryVariant : type
        guard attachmentCount == 0 || finalType.isBinary else {
            throw .attachmentCountMismatch.at(0, "\(type) cannot carry attachments")
        }
        guard attachmentCount >= 0 else { throw .attachmentCountMismatch.at(0, "negative attachment count") }
        try checkHeader(finalType, namespace: namespace.utf8, query: [UInt8]?.none, ackID: ackID)
        writeHeader(
            finalType, attachmentCount: attachmentCount, namespace: namespace.utf8, query: [UInt8]?.none, ackID: ackID,
            into: &text)
        text.append(contentsOf: serializedPayload)
    }

    /// Appends a decoded packet again, header rebuilt canonically and payload bytes copied as received (a proxy or
    /// cluster adapter forwarding a packet); its attachments follow unchanged.
    public func encode<Bytes>(_ packet: SIOPacket<Bytes>, into text: inout [UInt8]) throws(SIOPacketError) {
        if let namespace = packet.namespaceBytes {
            try encode(packet, namespace: namespace, into: &text)
        } else {
            try encode(packet, namespace: [0x2F], into: &text)
        }
    }

    private func encode<Bytes>(
        _ packet: SIOPacket<Bytes>, namespace: some Collection<UInt8>, into text: inout [UInt8]
    ) throws(SIOPacketError) {
        try checkHeader(packet.type, namespace: namespace, query: packet.query, ackID: packet.ackID)
        writeHeader(
            packet.type, attachmentCount: packet.type.isBinary ? packet.header.attachmentCount : nil,
            namespace: namespace, query: packet.query, ackID: packet.ackID, into: &text)
        if let payload = packet.payload { text.append(contentsOf: payload.bytes) }
    }

    /// Checks what the peer's decoder checks in a header: a known type, a namespace that starts with `/` and has
    /// no `,` (a query only in a v4 CONNECT, without `,`), ack ids only on events and acks and within `maxAckID`.
    func checkHeader(
        _ type: SIOPacketType, namespace: some Collection<UInt8>, query: (some Collection<UInt8>)?, ackID: UInt64?
    ) throws(SIOPacketError) {
        guard type.isKnown else { throw .unknownPacketType.at(0, "type \(type.rawValue)") }
        let namespaceIsValid =
            namespace.withContiguousStorageIfAvailable { $0.first == 0x2F && !$0.contains(0x2C) }
            ?? (namespace.first == 0x2F && !namespace.contains(0x2C))
        guard namespaceIsValid else {
            throw .invalidNamespace.at(0, "a namespace starts with / and contains no comma")
        }
        if let query, query.contains(0x2C) || options.version != .v4 || type != .connect {
            throw .invalidNamespace.at(0, "a query string goes only in a v4 CONNECT and contains no comma")
        }
        let length = namespace.count + (query.map { $0.count + 1 } ?? 0)
        guard length <= options.maxNamespaceLength else {
            throw .namespaceTooLong.at(0, "\(length) bytes, at most \(options.maxNamespaceLength)")
        }
        if let ackID {
            guard type.isEvent || type.isAck else { throw .unexpectedAckID.at(0, "\(type) carries no ack id") }
            guard ackID <= options.maxAckID else { throw .ackIDTooLarge.at(0, "\(ackID) > \(options.maxAckID)") }
        }
    }

    /// Writes everything before the payload; `attachmentCount` is written only for binary types.
    func writeHeader(
        _ type: SIOPacketType, attachmentCount: Int?, namespace: some Collection<UInt8>,
        query: (some Collection<UInt8>)?, ackID: UInt64?, into text: inout [UInt8]
    ) {
        text.append(0x30 + type.rawValue)
        if type.isBinary, let attachmentCount {
            JSONWriter.appendInt(Int64(attachmentCount), to: &text)
            text.append(0x2D)
        }
        if let query {
            text.append(contentsOf: namespace)
            text.append(0x3F)
            text.append(contentsOf: query)
            text.append(0x2C)
        } else if !(namespace.count == 1 && namespace.first == 0x2F) {
            text.append(contentsOf: namespace)
            text.append(0x2C)
        }
        if let ackID { appendDecimal(ackID, to: &text) }
    }

    /// Writes the header of a packet that is not (yet) binary: the type digit, a namespace other than `/` and a
    /// comma, the ack id.
    func writeHeader(_ type: SIOPacketType, namespace: String, ackID: UInt64?, into sink: inout JSONSink) {
        sink.append(0x30 + type.rawValue)
        if !(namespace.utf8.count == 1 && namespace.utf8.first == 0x2F) {
            sink.writeRaw(namespace)
            sink.append(0x2C)
        }
        if let ackID {
            if ackID <= UInt64(Int64.max) {
                sink.writeInt(Int64(ackID))
            } else {
                sink.writeRaw(String(ackID))
            }
        }
    }

    private func appendDecimal(_ value: UInt64, to text: inout [UInt8]) {
        if value <= UInt64(Int64.max) {
            JSONWriter.appendInt(Int64(value), to: &text)
        } else {
            text.append(contentsOf: String(value).utf8)
        }
    }
}
