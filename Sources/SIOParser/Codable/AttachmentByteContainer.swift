/// An unkeyed container over a binary attachment's bytes, each one a `UInt8` element.
///
/// This is how a type that decodes itself from an array of bytes (Foundation's `Data` does, among others) reads an
/// attachment even when it does not conform to `BinaryAttachmentDecodable`.
struct AttachmentByteContainer: UnkeyedDecodingContainer {
    /// A copy of the attachment: this path serves types that read bytes one by one, so one copy costs little.
    let bytes: [UInt8]
    let decoder: ViewDecoder
    private(set) var currentIndex = 0

    init(bytes: [UInt8], decoder: ViewDecoder) {
        self.bytes = bytes
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { bytes.count }
    var isAtEnd: Bool { currentIndex >= bytes.count }

    private var elementPath: [any CodingKey] { decoder.codingPath + [PathKey(index: currentIndex)] }

    /// The next byte, consumed, converted to `T`; every byte fits every integer type but `Int8` (128...255).
    private mutating func nextByte<T>(_ type: T.Type, _ convert: (UInt8) -> T?) throws -> T {
        guard currentIndex < bytes.count else {
            throw DecodingError.valueNotFound(
                T.self, .init(codingPath: elementPath, debugDescription: "Attachment has only \(bytes.count) bytes.")
            )
        }
        let byte = bytes[currentIndex]
        guard let value = convert(byte) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: elementPath, debugDescription: "Attachment byte \(byte) does not fit in \(T.self).")
            )
        }
        currentIndex += 1
        return value
    }

    private func notAByte(_ type: Any.Type) -> DecodingError {
        DecodingError.typeMismatch(
            type,
            .init(codingPath: elementPath, debugDescription: "Expected to decode \(type) but found an attachment byte instead.")
        )
    }

    mutating func decodeNil() throws -> Bool {
        if isAtEnd { _ = try nextByte(Never.self) { _ in nil } }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { throw notAByte(type) }
    mutating func decode(_ type: String.Type) throws -> String { throw notAByte(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try nextByte(type) { Double($0) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try nextByte(type) { Float($0) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try nextByte(type) { Int($0) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try nextByte(type) { Int8(exactly: $0) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try nextByte(type) { Int16($0) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try nextByte(type) { Int32($0) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try nextByte(type) { Int64($0) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try nextByte(type) { UInt($0) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try nextByte(type) { $0 } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try nextByte(type) { UInt16($0) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try nextByte(type) { UInt32($0) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try nextByte(type) { UInt64($0) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // Array<UInt8> and friends decode elements through this generic entry point: route number types to the
        // byte path; anything else is not a byte.
        switch T.self {
        case is UInt8.Type: return try cast(decode(UInt8.self))
        case is Int.Type: return try cast(decode(Int.self))
        case is Int8.Type: return try cast(decode(Int8.self))
        case is Int16.Type: return try cast(decode(Int16.self))
        case is Int32.Type: return try cast(decode(Int32.self))
        case is Int64.Type: return try cast(decode(Int64.self))
        case is UInt.Type: return try cast(decode(UInt.self))
        case is UInt16.Type: return try cast(decode(UInt16.self))
        case is UInt32.Type: return try cast(decode(UInt32.self))
        case is UInt64.Type: return try cast(decode(UInt64.self))
        case is Double.Type: return try cast(decode(Double.self))
        case is Float.Type: return try cast(decode(Float.self))
        default: throw notAByte(T.self)
        }
    }

    private func cast<V, T>(_ value: V) throws -> T {
        guard let result = value as? T else { throw notAByte(T.self) }
        return result
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        throw notAByte([String: Any].self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw notAByte([Any].self)
    }

    mutating func superDecoder() throws -> any Decoder {
        throw notAByte((any Decoder).self)
    }
}
