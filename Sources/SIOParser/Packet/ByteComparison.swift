/// Equality of a received byte slice and a handler's or namespace's name, the comparison every dispatched packet
/// makes once per registered handler.
///
/// Lengths are compared first (most names differ there), then contiguous storage word by word: the generic
/// `elementsEqual` over a `ByteBufferView` and `String.UTF8View` walks both collections through their indices.
@usableFromInline
enum ByteComparison {
    /// Whether `bytes` are exactly the UTF-8 of `text`.
    @inlinable
    static func bytes<Bytes: Collection<UInt8>>(_ bytes: Bytes, equalUTF8Of text: String) -> Bool {
        let utf8 = text.utf8
        guard bytes.count == utf8.count else { return false }
        let contiguous = bytes.withContiguousStorageIfAvailable { left in
            utf8.withContiguousStorageIfAvailable { right in
                equal(UnsafeRawBufferPointer(left), UnsafeRawBufferPointer(right))
            }
        }
        if let contiguous, let result = contiguous { return result }
        return bytes.elementsEqual(utf8)
    }

    /// Whether two buffers of the same length hold the same bytes (compiled once, not per byte collection type).
    @usableFromInline
    static func equal(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        let count = left.count
        guard count == right.count else { return false }
        guard count > 0, let l = left.baseAddress, let r = right.baseAddress else { return true }
        var offset = 0
        while offset + 8 <= count {
            if l.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != r.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        while offset < count {
            if l.load(fromByteOffset: offset, as: UInt8.self) != r.load(fromByteOffset: offset, as: UInt8.self) {
                return false
            }
            offset += 1
        }
        return true
    }
}
