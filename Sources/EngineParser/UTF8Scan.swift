/// UTF-8 validation and UTF-16 code unit counting over raw bytes, shared by every text path.
@usableFromInline
enum UTF8Scan {
    /// Length of the well-formed UTF-8 sequence starting at `i`, 0 if the bytes end before it is complete (but are
    /// a valid prefix so far), or -1 if it is malformed (overlong, surrogate, above U+10FFFF, bad continuation).
    @inline(__always)
    static func sequenceLength(_ p: UnsafeRawBufferPointer, at i: Int) -> Int {
        let end = p.count
        let b0 = p[i]
        if b0 < 0x80 { return 1 }
        let length: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; hi = 0x9F
        case 0xF0: length = 4; lo = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; hi = 0x8F
        default: return -1
        }
        if i + 1 >= end { return 0 }
        let b1 = p[i + 1]
        if b1 < lo || b1 > hi { return -1 }
        for k in 2..<length {
            if i + k >= end { return 0 }
            if p[i + k] & 0xC0 != 0x80 { return -1 }
        }
        return length
    }

    /// Offset of the first byte that is not part of well-formed UTF-8 in `p` (a truncated final sequence counts as
    /// malformed), or nil when all of `p` is valid.
    static func firstInvalid(_ p: UnsafeRawBufferPointer) -> Int? {
        let end = p.count
        var i = 0
        while i < end {
            // Eight ASCII bytes at a time: the common case for JSON text.
            if i + 8 <= end, p.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            if p[i] < 0x80 {
                i += 1
                continue
            }
            let length = sequenceLength(p, at: i)
            if length <= 0 { return i }
            i += length
        }
        return nil
    }

    /// Result of counting UTF-16 code units towards a target.
    enum CountResult: Equatable {
        /// The target was reached exactly after `end` bytes.
        case reached(end: Int)
        /// The bytes ran out after `scanned` bytes holding `units` code units (a partial sequence is not counted).
        case needMore(scanned: Int, units: Int)
        /// Malformed UTF-8 at `offset`.
        case invalid(offset: Int)
        /// The target falls inside the surrogate pair of the 4-byte sequence at `offset`.
        case splitsCharacter(offset: Int)
    }

    /// Scans `p` from byte `start`, where `units` code units were already counted, until `target` UTF-16 code units
    /// have been seen. A 4-byte sequence is two code units (a surrogate pair); every other sequence is one.
    static func countUnits(_ p: UnsafeRawBufferPointer, from start: Int, units: Int, target: Int) -> CountResult {
        let end = p.count
        var i = start
        var u = units
        while u < target {
            if i >= end { return .needMore(scanned: i, units: u) }
            if p[i] < 0x80 {
                // ASCII is one byte, one unit: jump as far as both the bytes and the target allow.
                let room = min(end - i, target - u)
                var k = 1
                while k + 8 <= room,
                      p.loadUnaligned(fromByteOffset: i + k, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    k += 8
                }
                while k < room, p[i + k] < 0x80 { k += 1 }
                i += k
                u += k
                continue
            }
            let length = sequenceLength(p, at: i)
            if length < 0 { return .invalid(offset: i) }
            if length == 0 { return .needMore(scanned: i, units: u) }
            if length == 4 {
                if u + 2 > target { return .splitsCharacter(offset: i) }
                u += 2
            } else {
                u += 1
            }
            i += length
        }
        return .reached(end: i)
    }

    /// Number of UTF-16 code units in well-formed UTF-8 `p` (4-byte sequences count 2, others 1).
    @usableFromInline
    static func utf16Count(_ p: UnsafeRawBufferPointer) -> Int {
        var units = 0
        var i = 0
        let end = p.count
        while i < end {
            // Eight ASCII bytes are eight units.
            if i + 8 <= end, p.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                units += 8
                i += 8
                continue
            }
            // Every byte except continuations starts a unit; a 4-byte lead starts two.
            let byte = p[i]
            if byte & 0xC0 != 0x80 { units += 1 }
            if byte >= 0xF0 { units += 1 }
            i += 1
        }
        return units
    }
}
