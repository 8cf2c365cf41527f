import SIOParser

extension ClusterMessage {
    /// Decodes `encoded()`'s format; every length is checked against the bytes present before it is used.
    init(decoding bytes: [UInt8]) throws(ClusterMessageError) {
        var position = 0
        func length() throws(ClusterMessageError) -> Int {
            guard bytes.count - position >= 4 else { throw .truncated.at(position, "a 4-byte length expected") }
            var value = 0
            for byte in bytes[position..<position + 4] { value = value << 8 | Int(byte) }
            position += 4
            guard value <= bytes.count - position else {
                throw .truncated.at(position, "\(value) bytes announced, \(bytes.count - position) left")
            }
            return value
        }
        let jsonLength = try length()
        let json = bytes[position..<position + jsonLength]
        position += jsonLength
        let document: JSONDocument<ArraySlice<UInt8>>
        do {
            document = try JSONDocument(parsing: json)
        } catch {
            throw .invalidEnvelope.at(4, "\(error)")
        }
        let root = document.root
        guard let rawKind = root["type"]?.decodedValue().int64Value, let kind = Kind(rawValue: Int(rawKind)) else {
            throw .invalidEnvelope.at(4, "missing or unknown type")
        }
        guard let uid = root["uid"]?.stringValue, let namespace = root["nsp"]?.stringValue else {
            throw .invalidEnvelope.at(4, "missing uid or nsp")
        }
        self.init(kind, uid: uid, namespace: namespace)
        requestID = root["requestId"]?.stringValue
        offset = root["offset"]?.stringValue
        close = root["close"]?.boolValue ?? false
        clientCount = root["clientCount"]?.decodedValue().int64Value.flatMap { Int(exactly: $0) }
        rooms = Self.strings(root["rooms"]?.decodedValue())
        if let opts = root["opts"]?.decodedValue() { options = Self.options(opts) }
        if case .array(let list)? = root["sockets"]?.decodedValue() {
            sockets = list.compactMap(Self.socket)
        }
        let count = try length()
        guard count <= (bytes.count - position) / 4 else {
            throw .truncated.at(position, "\(count) attachments cannot fit in \(bytes.count - position) bytes")
        }
        var attachments: [any BinaryAttachment] = []
        attachments.reserveCapacity(count)
        for _ in 0..<count {
            let size = try length()
            attachments.append(Array(bytes[position..<position + size]))
            position += size
        }
        guard position == bytes.count else { throw .invalidEnvelope.at(position, "trailing bytes") }
        if let packet = root["packet"] {
            guard packet.kind == .array else { throw .invalidEnvelope.at(4, "packet is not an array") }
            self.packet = EncodedArguments(json: Array(packet.rawBytes), attachments: attachments)
        }
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let list)? = value else { return [] }
        return list.compactMap(\.stringValue)
    }

    private static func options(_ value: JSONValue) -> BroadcastOptions {
        let flags = value["flags"]
        return BroadcastOptions(
            rooms: Set(strings(value["rooms"])), except: Set(strings(value["except"])),
            flags: BroadcastFlags(
                volatile: flags?["volatile"]?.boolValue ?? false, compress: flags?["compress"]?.boolValue ?? true,
                local: flags?["local"]?.boolValue ?? false,
                timeout: flags?["timeout"]?.int64Value.map { .milliseconds($0) }
            )
        )
    }

    private static func socket(_ value: JSONValue) -> SocketDetails? {
        guard let id = value["id"]?.stringValue else { return nil }
        return SocketDetails(
            id: id, handshake: value["handshake"] ?? .null, rooms: Set(strings(value["rooms"])),
            data: value["data"] ?? .null
        )
    }
}
