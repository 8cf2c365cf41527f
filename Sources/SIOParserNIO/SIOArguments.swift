public import NIOCore
public import SIOParser

/// The arguments of a received event (after its name) or acknowledgement, decoded only when asked.
///
/// Backed by the received packet itself (slices of the Engine.IO messages, nothing copied), or by values made
/// locally. Reading one argument never decodes its siblings, so a handler pays only for what it reads.
public struct SIOArguments: Sendable {
    /// Where the arguments come from.
    @usableFromInline
    enum Storage: Sendable {
        case packet(SIOPacket<ByteBufferView>)
        case values([JSONValue])
    }

    @usableFromInline let storage: Storage

    /// The arguments of a received EVENT (after the name) or ACK (all of its payload).
    public init(packet: SIOPacket<ByteBufferView>) {
        storage = .packet(packet)
    }

    /// Arguments made locally (`.binary` values travel as attachments when re-sent).
    public init(_ values: [JSONValue]) {
        storage = .values(values)
    }

    /// No arguments.
    public static let empty = SIOArguments([])

    /// The packet these arguments were decoded from, if they were received.
    public var packet: SIOPacket<ByteBufferView>? {
        if case .packet(let packet) = storage { return packet }
        return nil
    }

    /// The number of arguments.
    public var count: Int {
        switch storage {
        case .packet(let packet): packet.arguments.count
        case .values(let values): values.count
        }
    }

    /// Whether there are no arguments.
    public var isEmpty: Bool { count == 0 }

    /// Decodes the argument at `index` as `T`; a missing argument decodes like JavaScript's `undefined` (`nil` for
    /// an optional, otherwise `DecodingError.valueNotFound`).
    public func decode<T: Decodable>(
        _ type: T.Type = T.self, at index: Int, decoder: SIOValueDecoder = SIOValueDecoder()
    ) throws -> T {
        switch storage {
        case .packet(let packet):
            let arguments = packet.arguments
            guard index >= 0, index < arguments.count else {
                return try decoder.decodeArguments(T.self, from: arguments.dropFirst(arguments.count))
            }
            let view = arguments[arguments.startIndex + index]
            return try decoder.decode(T.self, from: view, attachments: packet.attachments)
        case .values(let values):
            return try Self.decodeLocal(T.self, values: values, index: index, decoder: decoder)
        }
    }

    /// Decodes consecutive arguments from the first, one per type; missing ones decode like `undefined`, extra
    /// ones are ignored.
    public func decode<each T: Decodable>(
        _ types: repeat (each T).Type, decoder: SIOValueDecoder = SIOValueDecoder()
    ) throws -> (repeat each T) {
        switch storage {
        case .packet(let packet):
            return try decoder.decodeArguments(repeat each types, from: packet.arguments, attachments: packet.attachments)
        case .values(let values):
            var index = 0
            func next<U: Decodable>(_ type: U.Type) throws -> U {
                defer { index += 1 }
                return try Self.decodeLocal(U.self, values: values, index: index, decoder: decoder)
            }
            return (repeat try next((each types).self))
        }
    }

    /// The argument at `index` as a value (attachments as `.binary` copies), or `nil` past the end.
    public func value(at index: Int) -> JSONValue? {
        switch storage {
        case .packet(let packet):
            let arguments = packet.arguments
            guard index >= 0, index < arguments.count else { return nil }
            guard packet.type.isBinary else { return arguments[arguments.startIndex + index].decodedValue() }
            return packet.decodedArguments()[index]
        case .values(let values):
            return index >= 0 && index < values.count ? values[index] : nil
        }
    }

    /// Every argument as a value (attachments as `.binary` copies).
    public var values: [JSONValue] {
        switch storage {
        case .packet(let packet): packet.decodedArguments()
        case .values(let values): values
        }
    }

    /// The arguments as JSON text plus attachments, ready to be sent again (an ack or event with the same
    /// arguments): received arguments are copied byte for byte, attachments are shared, not copied.
    public func encoded() -> EncodedArguments {
        switch storage {
        case .packet(let packet):
            var json: [UInt8] = [0x5B]
            json.reserveCapacity(packet.text.count + 2)
            var first = true
            for argument in packet.arguments {
                if !first { json.append(0x2C) }
                first = false
                json.append(contentsOf: argument.rawBytes)
            }
            json.append(0x5D)
            return EncodedArguments(json: json, attachments: packet.attachments.map { $0 as any BinaryAttachment })
        case .values(let values):
            var json: [UInt8] = []
            var attachments: [any BinaryAttachment] = []
            JSONValue.array(values).serialize(into: &json) { bytes in
                attachments.append(bytes)
                return attachments.count - 1
            }
            return EncodedArguments(json: json, attachments: attachments)
        }
    }

    /// An event array `["name", ...]` with these arguments after the name, the first `droppingFirst` left out;
    /// received arguments are copied byte for byte and every attachment is kept (placeholders keep their numbers).
    public func encodedEvent(_ name: String, droppingFirst: Int = 0) -> EncodedArguments {
        var json: [UInt8] = [0x5B]
        JSONValue.string(name).serialize(into: &json)
        let attachments: [any BinaryAttachment]
        switch storage {
        case .packet(let packet):
            attachments = packet.attachments.map { $0 as any BinaryAttachment }
            json.reserveCapacity(json.count + packet.text.count + 1)
            for argument in packet.arguments.dropFirst(droppingFirst) {
                json.append(0x2C)
                json.append(contentsOf: argument.rawBytes)
            }
        case .values(let values):
            var collected: [any BinaryAttachment] = []
            for value in values.dropFirst(droppingFirst) {
                json.append(0x2C)
                value.serialize(into: &json) { bytes in
                    collected.append(bytes)
                    return collected.count - 1
                }
            }
            attachments = collected
        }
        json.append(0x5D)
        return EncodedArguments(json: json, attachments: attachments)
    }

    /// Decodes a local value through its JSON text, so that local and received arguments decode alike.
    static func decodeLocal<T: Decodable>(
        _ type: T.Type, values: [JSONValue], index: Int, decoder: SIOValueDecoder
    ) throws -> T {
        var json: [UInt8] = []
        var attachments: [[UInt8]] = []
        JSONValue.array(values).serialize(into: &json) { bytes in
            attachments.append(bytes)
            return attachments.count - 1
        }
        let document = try JSONDocument(parsing: json[...])
        return try decoder.decodeArgument(T.self, at: index, of: document.root, attachments: attachments.map { $0[...] })
    }
}
