/// A borrowed, contiguous run of bytes: the one concrete `Bytes` type the decoder's hot code is compiled for.
///
/// `SIOValueDecoder` is generic over the caller's bytes, but Codable code instantiated for an unknown `Bytes` runs
/// unspecialised (every JSON access then pays for generic metadata look-ups, several times slower). So a decode
/// borrows the document's bytes once through `withContiguousStorageIfAvailable`, re-labels the already-validated
/// document over `RawBytes`, and runs everything non-generic. A `RawBytes` is only valid inside that borrow; it is
/// never stored anywhere that outlives the call (decoded strings and numbers are copies; attachments are read from
/// the caller's own `Bytes`).
struct RawBytes: RandomAccessCollection, @unchecked Sendable {
    let base: UnsafePointer<UInt8>?
    let startIndex: Int
    let endIndex: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        base = buffer.baseAddress
        startIndex = 0
        endIndex = buffer.count
    }

    private init(base: UnsafePointer<UInt8>?, startIndex: Int, endIndex: Int) {
        self.base = base
        self.startIndex = startIndex
        self.endIndex = endIndex
    }

    subscript(position: Int) -> UInt8 {
        precondition(position >= startIndex && position < endIndex, "RawBytes index out of range")
        // A non-empty range implies a base address.
        return base.unsafelyUnwrapped[position]
    }

    subscript(bounds: Range<Int>) -> RawBytes {
        precondition(bounds.lowerBound >= startIndex && bounds.upperBound <= endIndex, "RawBytes range out of range")
        return RawBytes(base: base, startIndex: bounds.lowerBound, endIndex: bounds.upperBound)
    }

    func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try body(UnsafeBufferPointer(start: base.map { $0 + startIndex }, count: endIndex - startIndex))
    }
}
