/// A validated JSON document: the caller's bytes (kept, never copied) plus a compact index for lazy access.
///
/// Validation happens once, in `init(parsing:options:)`; views read values from the index without re-validating.
/// `Bytes` is typically `ArraySlice<UInt8>`, NIO's `ByteBufferView` or Foundation's `Data`. A container without
/// contiguous storage is copied once into an array for validation (none of those three takes that path).
public struct JSONDocument<Bytes>: Sendable
where Bytes: RandomAccessCollection<UInt8> & Sendable, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    /// The document's bytes, exactly as given.
    public let bytes: Bytes
    @usableFromInline let tape: [JSONNode]

    /// Validates `bytes` as exactly one RFC 8259 JSON value surrounded by optional whitespace.
    @inlinable
    public init(parsing bytes: Bytes, options: JSONOptions = .init()) throws(JSONError) {
        self.bytes = bytes
        tape = try Self.index(bytes, options: options)
    }

    /// Validates `bytes` as `init(parsing:options:)` does and returns only the index, for a caller that keeps the
    /// bytes itself (a packet holds its text once rather than a second slice of it).
    @inlinable
    static func index(_ bytes: Bytes, options: JSONOptions) throws(JSONError) -> [JSONNode] {
        let result: Result<[JSONNode], JSONError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONError) in try JSONParser.parse(UnsafeRawBufferPointer(buffer), options: options) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { buffer in
            Result { () throws(JSONError) in try JSONParser.parse(buffer, options: options) }
        }.get()
    }

    /// A document from bytes already validated into `tape` (a packet rebuilding its payload's view).
    @inlinable
    init(bytes: Bytes, tape: [JSONNode]) {
        self.bytes = bytes
        self.tape = tape
    }

    /// The top-level value.
    @inlinable
    public var root: JSONView<Bytes> { JSONView(document: self, index: 0) }
}
