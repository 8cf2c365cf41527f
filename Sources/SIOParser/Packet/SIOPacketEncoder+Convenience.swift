extension SIOPacketEncoder {
    /// Appends an EVENT `[name, ...arguments]` (a BINARY_EVENT if any argument holds `.binary`), without building
    /// the payload array first.
    ///
    /// - Returns: the attachments to send after the text packet.
    @discardableResult
    public func encodeEvent(
        _ name: String, arguments: [JSONValue], namespace: String = "/", ackID: UInt64? = nil,
        into text: inout [UInt8]
    ) throws(SIOPacketError) -> [[UInt8]] {
        guard !SIOPacketType.isReservedEventName(name) else {
            throw .reservedEventName.at(0, "\"\(name)\" is reserved")
        }
        try checkHeader(.event, namespace: namespace.utf8, query: [UInt8]?.none, ackID: ackID)
        let start = text.count
        let attachments = JSONSink.write(into: &text) { sink in
            writeHeader(.event, namespace: namespace, ackID: ackID, into: &sink)
            sink.append(0x5B)
            sink.writeString(name)
            return appendElements(arguments, leadingComma: true, into: &sink)
        }
        finishBinary(.event, start: start, attachmentCount: attachments.count, into: &text)
        return attachments
    }

    /// Appends an ACK carrying `arguments` (a BINARY_ACK if any holds `.binary`).
    ///
    /// - Returns: the attachments to send after the text packet.
    @discardableResult
    public func encodeAck(
        _ arguments: [JSONValue], ackID: UInt64, namespace: String = "/", into text: inout [UInt8]
    ) throws(SIOPacketError) -> [[UInt8]] {
        try checkHeader(.ack, namespace: namespace.utf8, query: [UInt8]?.none, ackID: ackID)
        let start = text.count
        let attachments = JSONSink.write(into: &text) { sink in
            writeHeader(.ack, namespace: namespace, ackID: ackID, into: &sink)
            sink.append(0x5B)
            return appendElements(arguments, leadingComma: false, into: &sink)
        }
        finishBinary(.ack, start: start, attachmentCount: attachments.count, into: &text)
        return attachments
    }

    /// Appends an EVENT whose arguments are already serialized JSON (placeholders numbered `0..<attachmentCount`
    /// across all of them), as Codable bridging produces them; a BINARY_EVENT when `attachmentCount > 0`.
    public func encodeEvent<Argument: Collection<UInt8>>(
        _ name: String, serializedArguments: [Argument], attachmentCount: Int, namespace: String = "/",
        ackID: UInt64? = nil, into text: inout [UInt8]
    ) throws(SIOPacketError) {
        guard !SIOPacketType.isReservedEventName(name) else {
            throw .reservedEventName.at(0, "\"\(name)\" is reserved")
        }
        guard attachmentCount >= 0 else { throw .attachmentCountMismatch.at(0, "negative attachment count") }
        let type: SIOPacketType = attachmentCount > 0 ? .binaryEvent : .event
        try checkHeader(type, namespace: namespace.utf8, query: [UInt8]?.none, ackID: ackID)
        writeHeader(
            type, attachmentCount: attachmentCount, namespace: namespace.utf8, query: [UInt8]?.none, ackID: ackID,
            into: &text)
        text.append(0x5B)
        JSONWriter.appendString(name, to: &text)
        for argument in serializedArguments {
            text.append(0x2C)
            text.append(contentsOf: argument)
        }
        text.append(0x5D)
    }

    /// Appends a CONNECT: in v5 with an optional object (the client's auth, the server's `{"sid": ...}`); in v4
    /// with an optional query string after the namespace.
    public func encodeConnect(
        namespace: String = "/", payload: JSONValue? = nil, query: String? = nil, into text: inout [UInt8]
    ) throws(SIOPacketError) {
        try checkPayload(.connect, payload)
        try checkHeader(.connect, namespace: namespace.utf8, query: query?.utf8, ackID: nil)
        writeHeader(
            .connect, attachmentCount: nil, namespace: namespace.utf8, query: query?.utf8, ackID: nil, into: &text)
        payload?.serialize(into: &text)
    }

    /// Appends a DISCONNECT.
    public func encodeDisconnect(namespace: String = "/", into text: inout [UInt8]) throws(SIOPacketError) {
        try checkHeader(.disconnect, namespace: namespace.utf8, query: [UInt8]?.none, ackID: nil)
        writeHeader(
            .disconnect, attachmentCount: nil, namespace: namespace.utf8, query: [UInt8]?.none, ackID: nil, into: &text)
    }

    /// Appends a CONNECT_ERROR: in v5 `{"message": message, "data": data}` (`data` omitted when `nil`, as
    /// `JSON.stringify` omits `undefined`), in v4 the plain string `message`.
    public func encodeConnectError(
        namespace: String = "/", message: String, data: JSONValue? = nil, into text: inout [UInt8]
    ) throws(SIOPacketError) {
        if let data, data.containsBinary {
            throw .invalidPayload.at(0, "binary values travel only in events and acks")
        }
        try checkHeader(.connectError, namespace: namespace.utf8, query: [UInt8]?.none, ackID: nil)
        writeHeader(
            .connectError, attachmentCount: nil, namespace: namespace.utf8, query: [UInt8]?.none, ackID: nil,
            into: &text)
        if options.version == .v4 {
            JSONWriter.appendString(message, to: &text)
            return
        }
        text.append(contentsOf: #"{"message":"#.utf8)
        JSONWriter.appendString(message, to: &text)
        if let data {
            text.append(contentsOf: #","data":"#.utf8)
            data.serialize(into: &text)
        }
        text.append(0x7D)
    }

    /// Writes `,a,b,c]` (or `a,b,c]`), each `.binary` as a placeholder; returns the attachments in order.
    private func appendElements(_ elements: [JSONValue], leadingComma: Bool, into sink: inout JSONSink) -> [[UInt8]] {
        var collector = JSONAttachmentCollector()
        for index in elements.indices {
            if leadingComma || index > 0 { sink.append(0x2C) }
            elements[index].write(to: &sink, slots: &collector)
        }
        sink.append(0x5D)
        return collector.attachments
    }
}
