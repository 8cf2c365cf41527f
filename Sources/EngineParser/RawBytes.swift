/// Runs `body` over the contiguous bytes of `bytes`; a container without contiguous storage is copied once into an
/// array (ArraySlice, ByteBufferView and Data never take that path).
@inlinable
func withRawBytes<Bytes: RandomAccessCollection, R>(
    _ bytes: Bytes, _ body: (UnsafeRawBufferPointer) -> R
) -> R where Bytes.Element == UInt8 {
    if let result = bytes.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
        return result
    }
    return Array(bytes).withUnsafeBytes(body)
}

/// Index of the first `byte` at or after `start` in `p`, or nil.
@inline(__always)
func firstIndex(of byte: UInt8, in p: UnsafeRawBufferPointer, from start: Int) -> Int? {
    var i = start
    let end = p.count
    // Eight bytes at a time: a zero byte in `word ^ pattern` marks a match (the classic "has zero byte" test).
    let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
    while i + 8 <= end {
        let word = p.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
        if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { break }
        i &+= 8
    }
    while i < end {
        if p[i] == byte { return i }
        i &+= 1
    }
    return nil
}

/// Appends `text`'s UTF-8 bytes.
@inline(__always)
func appendUTF8(_ text: String, to out: inout [UInt8]) {
    var text = text
    text.withUTF8 { out.append(contentsOf: $0) }
}

@usableFromInline
/// Appends the decimal digits of a non-negative `value` as ASCII (or as raw digit values when `raw`).
func appendDecimal(_ value: Int, raw: Bool = false, to out: inout [UInt8]) {
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var v = value.magnitude
    var n = 0
    withUnsafeMutableBytes(of: &digits) { buf in
        repeat {
            buf[n] = UInt8(v % 10)
            v /= 10
            n += 1
        } while v > 0
        let base: UInt8 = raw ? 0 : 0x30
        while n > 0 {
            n -= 1
            out.append(buf[n] &+ base)
        }
    }
}
