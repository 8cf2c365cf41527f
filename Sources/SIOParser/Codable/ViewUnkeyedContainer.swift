/// An unkeyed container over a JSON array, walking the elements in order through the document's skip links.
struct ViewUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: ViewDecoder
    /// The container's own path, built once and shared by every element's decoder.
    let path: CodingPathNode
    private var iterator: JSONElements<RawBytes>.Iterator
    /// The element at `currentIndex`, read ahead so that `decodeNil()` can look without consuming.
    private var upcoming: JSONView<RawBytes>?

    let count: Int?
    private(set) var currentIndex = 0

    init(array: JSONView<RawBytes>, decoder: ViewDecoder, path: CodingPathNode) {
        self.decoder = decoder
        self.path = path
        self.count = array.count
        self.iterator = array.elements.makeIterator()
        self.upcoming = iterator.next()
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var isAtEnd: Bool { upcoming == nil }

    /// The decoder for the next element, without consuming it; past the end it is `valueNotFound`.
    private func peek(_ type: Any.Type) throws -> ViewDecoder {
        guard let upcoming else {
            throw DecodingError.valueNotFound(
                type,
                .init(codingPath: path.keys + [PathKey(index: currentIndex)], debugDescription: "Unkeyed container is at end (\(currentIndex) elements).")
            )
        }
        return decoder.child(upcoming, parent: path, step: .index(currentIndex))
    }

    private mutating func advance() {
        upcoming = iterator.next()
        currentIndex += 1
    }

    /// Decodes the next element with `read`, consuming it only on success (as JSONDecoder does).
    private mutating func next<T>(_ type: T.Type, _ read: (ViewDecoder) throws -> T) throws -> T {
        let result = try read(try peek(T.self))
        advance()
        return result
    }

    mutating func decodeNil() throws -> Bool {
        guard let upcoming else { _ = try peek(Never.self); return false }
        guard upcoming.kind == .null else { return false }
        advance()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { try $0.decode(Bool.self) } }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) { try $0.decode(String.self) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) { try $0.floatingPoint(type) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) { try $0.floatingPoint(type) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) { try $0.integer(type) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) { try $0.integer(type) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) { try $0.integer(type) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) { try $0.integer(type) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) { try $0.integer(type) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) { try $0.integer(type) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) { try $0.integer(type) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) { try $0.integer(type) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) { try $0.integer(type) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) { try $0.integer(type) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next(type) { try $0.decodeValue(T.self) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next(KeyedDecodingContainer<NestedKey>.self) { try $0.container(keyedBy: NestedKey.self) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next((any UnkeyedDecodingContainer).self) { try $0.unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next((any Decoder).self) { $0 }
    }
}
