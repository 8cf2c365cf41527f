extension JSONView {
    @inlinable
    func withNumberText<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        let slice = rawBytes
        if let result = slice.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(slice).withUnsafeBytes(body)
    }

    /// The number as an `Int64` when it is exactly an integer in range (`12`, `-3`, also `1.0` and `1e2`);
    /// `nil` for fractions, out-of-range values and non-numbers.
    @inlinable
    public var int64Value: Int64? {
        let node = node
        guard node.kind == JSONKind.number.rawValue else { return nil }
        if node.flags & JSONNode.integer != 0 {
            return withNumberText { JSONNumberParsing.int64($0) }
        }
        return withNumberText { JSONNumberParsing.exactInt64($0) }
    }

    /// The number as the nearest `Double` (±infinity beyond its range, as `JSON.parse` gives); `nil` for
    /// non-numbers.
    @inlinable
    public var doubleValue: Double? {
        guard node.kind == JSONKind.number.rawValue else { return nil }
        return withNumberText { JSONNumberParsing.double($0) }
    }
}
