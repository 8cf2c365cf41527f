extension JSONSink {
    /// Writes `null`.
    @inline(__always)
    mutating func writeNull() {
        let p = reserve(4)
        p[0] = 0x6E; p[1] = 0x75; p[2] = 0x6C; p[3] = 0x6C
        commit(4)
    }

    /// Writes `true` or `false`.
    @inline(__always)
    mutating func writeBool(_ value: Bool) {
        let p = reserve(5)
        if value {
            p[0] = 0x74; p[1] = 0x72; p[2] = 0x75; p[3] = 0x65
            commit(4)
        } else {
            p[0] = 0x66; p[1] = 0x61; p[2] = 0x6C; p[3] = 0x73; p[4] = 0x65
            commit(5)
        }
    }

    /// Writes an integer in decimal (at most 20 bytes: a sign and 19 digits).
    mutating func writeInt(_ value: Int64) {
        let p = reserve(20)
        var magnitude = value.magnitude
        var length = 0
        if value < 0 {
            p[0] = 0x2D
            length = 1
        }
        if magnitude < 10 {
            p[length] = 0x30 &+ UInt8(truncatingIfNeeded: magnitude)
            commit(length + 1)
            return
        }
        var digits = 0
        var probe = magnitude
        while probe > 0 {
            digits += 1
            probe /= 10
        }
        var k = length + digits
        while magnitude > 0 {
            k -= 1
            p[k] = 0x30 &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        }
        commit(length + digits)
    }

    /// Writes a number as JavaScript's `Number.prototype.toString` does (see `JSONWriter.appendDouble`).
    mutating func writeDouble(_ value: Double) {
        guard value.isFinite else {
            writeNull()
            return
        }
        if value == 0 {
            append(0x30)
            return
        }
        let p = reserve(JSONWriter.maxDoubleLength)
        var length = 0
        if value < 0 {
            p[0] = 0x2D
            length = 1
        }
        if let short = JSONWriter.writeShortDecimal(value.magnitude, into: p + length) {
            commit(length + short)
            return
        }
        // Swift's description gives the shortest round-trip digits; only the layout differs from JavaScript's.
        let text = value.magnitude.description
        length += text.utf8.withContiguousStorageIfAvailable { JSONWriter.layOutJavaScript($0, into: p + length) }
            ?? { var copy = text; return copy.withUTF8 { JSONWriter.layOutJavaScript($0, into: p + length) } }()
        commit(length)
    }

    /// Writes the Socket.IO attachment placeholder `{"_placeholder":true,"num":N}`.
    mutating func writePlaceholder(num: Int) {
        let prefix: StaticString = #"{"_placeholder":true,"num":"#
        append(UnsafeRawPointer(prefix.utf8Start), count: prefix.utf8CodeUnitCount)
        writeInt(Int64(num))
        append(0x7D)
    }

    /// Writes a string quoted and escaped as `JSON.stringify` does.
    @inline(__always)
    mutating func writeString(_ s: String) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { writeString(utf8: UnsafeRawBufferPointer($0)) }
        if done == nil {
            var copy = s
            copy.withUTF8 { writeString(utf8: UnsafeRawBufferPointer($0)) }
        }
    }

    /// Writes already valid UTF-8 as a quoted JSON string: `\"`, `\\`, `\b \f \n \r \t`, other control characters
    /// as `\u00xx` (lowercase hex); everything else (U+2028/2029, DEL, non-ASCII) raw. Runs that need no escape
    /// are copied with one `memcpy`.
    @inline(__always)
    mutating func writeString(utf8 bytes: UnsafeRawBufferPointer) {
        if bytes.count <= Self.maxReservation - 2 && writeShortPlainString(bytes) { return }
        writeEscapedString(utf8: bytes)
    }

    /// The general case of `writeString(utf8:)`, kept out of line so that the short path stays small (a large
    /// inlined body would make every string pay its register spills).
    @inline(never)
    private mutating func writeEscapedString(utf8 bytes: UnsafeRawBufferPointer) {
        append(0x22)
        let n = bytes.count
        guard let base = bytes.baseAddress else {
            append(0x22)
            return
        }
        var runStart = 0
        var i = 0
        while i < n {
            // Eight bytes at a time while none is a quote, backslash or control character.
            while i + 8 <= n {
                let w = (base + i).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let high: UInt64 = 0x8080_8080_8080_8080
                let q = w ^ (ones &* 0x22)
                let bs = w ^ (ones &* 0x5C)
                if (((w &- ones &* 0x20) & ~w) | ((q &- ones) & ~q) | ((bs &- ones) & ~bs)) & high != 0 { break }
                i &+= 8
            }
            guard i < n else { break }
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if b >= 0x20 && b != 0x22 && b != 0x5C {
                i &+= 1
                continue
            }
            if runStart < i { append(base + runStart, count: i - runStart) }
            writeEscape(b)
            i &+= 1
            runStart = i
        }
        if runStart < n { append(base + runStart, count: n - runStart) }
        append(0x22)
    }

    /// Writes a short string that needs no escape straight into the staging buffer, a word at a time; returns
    /// `false` (having committed nothing) at the first byte that needs an escape.
    @inline(__always)
    private mutating func writeShortPlainString(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        let p = reserve(n + 2)
        guard let base = bytes.baseAddress else {
            p[0] = 0x22
            p[1] = 0x22
            commit(2)
            return true
        }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func clean(_ w: UInt64) -> Bool {
            let q = w ^ (ones &* 0x22)
            let bs = w ^ (ones &* 0x5C)
            return (((w &- ones &* 0x20) & ~w) | ((q &- ones) & ~q) | ((bs &- ones) & ~bs)) & high == 0
        }
        let target = UnsafeMutableRawPointer(p + 1)
        if n >= 8 {
            var i = 0
            while i + 8 <= n {
                let w = (base + i).loadUnaligned(as: UInt64.self)
                guard clean(w) else { return false }
                target.storeBytes(of: w, toByteOffset: i, as: UInt64.self)
                i &+= 8
            }
            if i < n {
                // The last, partial word: the eight bytes ending at `n` (overlapping bytes already checked).
                let w = (base + (n - 8)).loadUnaligned(as: UInt64.self)
                guard clean(w) else { return false }
                target.storeBytes(of: w, toByteOffset: n - 8, as: UInt64.self)
            }
        } else if n >= 4 {
            // Two overlapping four-byte halves, widened with spaces (which need no escape) to reuse the word test.
            let spaces: UInt64 = 0x2020_2020_0000_0000
            let head = UInt64((base).loadUnaligned(as: UInt32.self))
            let tail = UInt64((base + (n - 4)).loadUnaligned(as: UInt32.self))
            #if _endian(little)
            let words = (head | spaces, tail | spaces)
            #else
            let words = (head << 32 | (spaces >> 32), tail << 32 | (spaces >> 32))
            #endif
            guard clean(words.0), clean(words.1) else { return false }
            target.storeBytes(of: UInt32(truncatingIfNeeded: head), toByteOffset: 0, as: UInt32.self)
            target.storeBytes(of: UInt32(truncatingIfNeeded: tail), toByteOffset: n - 4, as: UInt32.self)
        } else {
            var i = 0
            while i < n {
                let b = base.load(fromByteOffset: i, as: UInt8.self)
                guard b >= 0x20 && b != 0x22 && b != 0x5C else { return false }
                target.storeBytes(of: b, toByteOffset: i, as: UInt8.self)
                i &+= 1
            }
        }
        p[0] = 0x22
        p[n + 1] = 0x22
        commit(n + 2)
        return true
    }

    /// The escape of a quote, a backslash or a control character.
    private mutating func writeEscape(_ b: UInt8) {
        switch b {
        case 0x22: append(0x5C, 0x22)
        case 0x5C: append(0x5C, 0x5C)
        case 0x08: append(0x5C, 0x62)
        case 0x0C: append(0x5C, 0x66)
        case 0x0A: append(0x5C, 0x6E)
        case 0x0D: append(0x5C, 0x72)
        case 0x09: append(0x5C, 0x74)
        default:
            let p = reserve(6)
            p[0] = 0x5C; p[1] = 0x75; p[2] = 0x30; p[3] = 0x30
            p[4] = 0x30 &+ (b >> 4)
            let low = b & 0xF
            p[5] = low < 10 ? 0x30 &+ low : 0x57 &+ low
            commit(6)
        }
    }
}

extension JSONSink {
    /// Writes the UTF-8 of `s` as it is (no quotes, no escapes).
    mutating func writeRaw(_ s: String) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { append(UnsafeRawBufferPointer($0)) }
        if done == nil {
            var copy = s
            copy.withUTF8 { append(UnsafeRawBufferPointer($0)) }
        }
    }
}
