extension JSONView {
    /// The whole value, materialised; safe at any depth the parser accepted (recursion is bounded, see docs/JSON.md).
    ///
    /// Integers that fit `Int64` become `.int`, other numbers `.double`; repeated object keys keep the last value
    /// at the first key's position (as `JSON.parse`); unpaired surrogate escapes become U+FFFD.
    @inlinable
    public func decodedValue() -> JSONValue {
        let tape = document.tape
        let index = index
        let bytes = document.bytes
        if let value = bytes.withContiguousStorageIfAvailable({
            JSONMaterializer.value(UnsafeRawBufferPointer($0), tape, at: index)
        }) {
            return value
        }
        return Array(bytes).withUnsafeBytes { JSONMaterializer.value($0, tape, at: index) }
    }
}
