import SIOParser

extension ClusterMessage {
    /// The message as bytes: a 4-byte big-endian length and the JSON envelope, then a 4-byte attachment count and
    /// each attachment as a 4-byte length and its bytes.
    func encoded() -> [UInt8] {
        var envelope = JSONObject()
        envelope["type"] = .int(Int64(kind.rawValue))
        envelope["uid"] = .string(uid)
        envelope["nsp"] = .string(namespace)
        if let requestID { envelope["requestId"] = .string(requestID) }
        if let options { envelope["opts"] = Self.json(options) }
        if !rooms.isEmpty { envelope["rooms"] = .array(rooms.map { .string($0) }) }
        if close { envelope["close"] = true }
        if let offset { envelope["offset"] = .string(offset) }
        if let clientCount { envelope["clientCount"] = .int(Int64(clientCount)) }
        if !sockets.isEmpty { envelope["sockets"] = .array(sockets.map(Self.json)) }
        var json = JSONValue.object(envelope).serialized()
        if let packet {
            // The event array is JSON already: embed it verbatim instead of decoding and re-encoding it.
            json.removeLast()
            json.append(contentsOf: #","packet":"#.utf8)
            json.append(contentsOf: packet.json)
            json.append(0x7D)
        }
        var out: [UInt8] = []
        out.reserveCapacity(8 + json.count + (packet?.attachments.reduce(0) { $0 + 4 + $1.attachmentByteCount } ?? 0))
        Self.appendLength(json.count, to: &out)
        out.append(contentsOf: json)
        let attachments = packet?.attachments ?? []
        Self.appendLength(attachments.count, to: &out)
        for attachment in attachments {
            Self.appendLength(attachment.attachmentByteCount, to: &out)
            attachment.withAttachmentBytes { out.append(contentsOf: $0) }
        }
        return out
    }

    private static func appendLength(_ length: Int, to out: inout [UInt8]) {
        let value = UInt32(truncatingIfNeeded: length)
        out.append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }

    static func json(_ options: BroadcastOptions) -> JSONValue {
        var flags: JSONObject = [
            "volatile": .bool(options.flags.volatile), "compress": .bool(options.flags.compress),
            "local": .bool(options.flags.local),
        ]
        if let timeout = options.flags.timeout {
            let (seconds, attoseconds) = timeout.components
            flags["timeout"] = .int(seconds &* 1000 &+ attoseconds / 1_000_000_000_000_000)
        }
        return [
            "rooms": .array(options.rooms.sorted().map { .string($0) }),
            "except": .array(options.except.sorted().map { .string($0) }), "flags": .object(flags),
        ]
    }

    static func json(_ socket: SocketDetails) -> JSONValue {
        [
            "id": .string(socket.id), "handshake": socket.handshake,
            "rooms": .array(socket.rooms.sorted().map { .string($0) }), "data": socket.data,
        ]
    }
}
