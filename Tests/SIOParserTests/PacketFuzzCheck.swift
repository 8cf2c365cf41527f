import SIOParser

// Shared with the fuzz target: Fuzz/Sources/FuzzSIOPacket/PacketFuzzCheck.swift is a link to this file, so the
// fuzzer and the replay test of Fuzz/FailCases/FuzzSIOPacket run the same checks. Failures go to `report`: the
// fuzzer stops the process, the replay test records an issue.

/// The FuzzSIOPacket check: chunk 0 is a text packet, later chunks are attachments, under both protocol revisions.
/// A decoded packet must re-encode (header rebuilt, payload copied) and decode to the same packet; its decoded value
/// must encode through the value encoder (which must accept whatever the decoder accepted) and decode again with the
/// same header.
struct PacketFuzzCheck {
    typealias Packet = SIOPacket<ArraySlice<UInt8>>

    /// Called with `false` and a description when a check fails.
    let report: (Bool, String) -> Void

    /// Runs the check on already-split chunks.
    func run(_ chunks: [ArraySlice<UInt8>]) {
        guard let text = chunks.first else { return }
        let attachments = Array(chunks.dropFirst())
        for version in [SIOProtocolVersion.v5, .v4] {
            check(text: text, attachments: attachments, options: SIOPacketOptions(version: version))
        }
    }


    func decode(_ text: ArraySlice<UInt8>, _ attachments: [ArraySlice<UInt8>], _ options: SIOPacketOptions) -> Packet? {
        var decoder = SIOPacketDecoder<ArraySlice<UInt8>>(options: options)
        do {
            var result = try decoder.receive(text: text)
            for (index, attachment) in attachments.enumerated() {
                if result.packet != nil {
                    // A complete packet takes no more binary data.
                    do {
                        _ = try decoder.receive(binary: attachment)
                        report(false, "binary data accepted after a complete packet")
                    } catch {
                        report(error == .unexpectedBinary, "wrong error for extra binary: \(error)")
                    }
                    return nil
                }
                result = try decoder.receive(binary: attachment)
                report(index < options.maxAttachments, "more attachments than the limit")
            }
            return result.packet
        } catch {
            report(!error.detail.isEmpty, "error without detail: \(error)")
            return nil
        }
    }

    func sameHeader(_ a: Packet, _ b: Packet) -> Bool {
        a.type == b.type && a.ackID == b.ackID && a.header.attachmentCount == b.header.attachmentCount
            && a.namespace == b.namespace && a.query.map(Array.init) == b.query.map(Array.init)
    }

    func check(text: ArraySlice<UInt8>, attachments: [ArraySlice<UInt8>], options: SIOPacketOptions) {
        guard let packet = decode(text, attachments, options) else { return }
        report(packet.attachments.count == packet.header.attachmentCount, "attachment count")
        let encoder = SIOPacketEncoder(options: options)

        // The dispatch accessors agree with the JSON view of the name.
        if let name = packet.eventName {
            report(packet.eventNameBytes.map(Array.init) == Array(name.rawBytes), "eventNameBytes differs")
            if let string = name.stringValue, !name.hasLoneSurrogate {
                report(packet.eventNameEquals(string), "eventNameEquals(\(string)) is false")
            }
        } else {
            report(packet.eventNameBytes == nil, "eventNameBytes without eventName")
        }

        // Raw round trip: bytes → packet → bytes → packet.
        var again: [UInt8] = []
        do {
            try encoder.encode(packet, into: &again)
        } catch {
            report(false, "decoded packet does not re-encode: \(error)")
        }
        guard let second = decode(again[...], packet.attachments, options) else {
            report(false, "re-encoded packet does not decode: \(String(decoding: again, as: UTF8.self))")
            return
        }
        report(sameHeader(packet, second), "header changed in the round trip")
        report(
            packet.payload?.bytes.elementsEqual(second.payload?.bytes ?? []) ?? (second.payload == nil), "payload changed")
        report(packet.attachments.map(Array.init) == second.attachments.map(Array.init), "attachments changed")

        // Value round trip: packet → value → bytes → packet. Strings repair invalid UTF-8 (transports deliver text
        // messages as valid UTF-8), so a namespace or query that is not valid UTF-8 cannot take this path.
        let utf8OK =
            (packet.namespaceBytes.map { String(decoding: $0, as: UTF8.self).utf8.count == $0.count } ?? true)
            && (packet.query.map { String(decoding: $0, as: UTF8.self).utf8.count == $0.count } ?? true)
        guard utf8OK else { return }
        let value = packet.decodedPayload()
        var fromValue: [UInt8] = []
        var produced: [[UInt8]] = []
        do {
            if packet.type == .connect {
                try encoder.encodeConnect(
                    namespace: packet.namespace, payload: value,
                    query: packet.query.map { String(decoding: $0, as: UTF8.self) }, into: &fromValue)
            } else {
                produced = try encoder.encode(
                    packet.type, namespace: packet.namespace, ackID: packet.ackID, payload: value, into: &fromValue)
            }
        } catch {
            report(false, "decoded value does not encode: \(error)")
        }
        guard let third = decode(fromValue[...], produced.map { $0[...] }, options) else {
            report(false, "value-encoded packet does not decode: \(String(decoding: fromValue, as: UTF8.self))")
            return
        }
        report(third.type == packet.type && third.ackID == packet.ackID, "type or ack id changed through the value")
        // A placeholder under a duplicated key is shadowed in the value (the last duplicate wins, as in JSON.parse), so
        // its attachment is not carried over: the reference decoder also receives it and leaves it unused.
        report(
            third.header.attachmentCount <= packet.header.attachmentCount, "attachment count grew through the value")
        _ = packet.eventName?.stringValue
        _ = packet.arguments.count
    }
}
