/// Decoding of validated JSON string contents (the bytes between the quotes), shared by every `Bytes` type.
@usableFromInline
enum JSONStringDecoding {
    /// Calls `body` with each UTF-8 byte of the decoded string, stopping early when it returns `false`.
    /// Returns `false` if stopped. Unpaired surrogate escapes decode to U+FFFD. The input is already validated.
    @inline(__always)
    static func forEachByte(_ s: UnsafeRawBufferPointer, _ body: (UInt8) -> Bool) -> Bool {
        let n = s.count
        var i = 0
        while i < n {
            let b = s[i]
            if b != 0x5C {
                if !body(b) { return false }
                i += 1
                continue
            }
            let e = s[i + 1]
            let simple: UInt8
            switch e {
            case 0x62: simple = 0x08
            case 0x66: simple = 0x0C
            case 0x6E: simple = 0x0A
            case 0x72: simple = 0x0D
            case 0x74: simple = 0x09
            case 0x75: simple = 0
            default: simple = e  // " \ /
            }
            if e != 0x75 {
                if !body(simple) { return false }
                i += 2
                continue
            }
            var scalar = UInt32(hex4(s, i + 2))
            i += 6
            if scalar & 0xFC00 == 0xD800 {
                if i + 6 <= n, s[i] == 0x5C, s[i + 1] == 0x75 {
                    let low = UInt32(hex4(s, i + 2))
                    if low & 0xFC00 == 0xDC00 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if scalar & 0xFC00 == 0xDC00 {
                scalar = 0xFFFD
            }
            if !encode(scalar, body) { return false }
        }
        return true
    }

    @inline(__always)
    static func encode(_ scalar: UInt32, _ body: (UInt8) -> Bool) -> Bool {
        if scalar < 0x80 { return body(UInt8(scalar)) }
        if scalar < 0x800 {
            return body(UInt8(0xC0 | scalar >> 6)) && body(UInt8(0x80 | scalar & 0x3F))
        }
        if scalar < 0x10000 {
            return body(UInt8(0xE0 | scalar >> 12)) && body(UInt8(0x80 | (scalar >> 6) & 0x3F))
                && body(UInt8(0x80 | scalar & 0x3F))
        }
        return body(UInt8(0xF0 | scalar >> 18)) && body(UInt8(0x80 | (scalar >> 12) & 0x3F))
            && body(UInt8(0x80 | (scalar >> 6) & 0x3F)) && body(UInt8(0x80 | scalar & 0x3F))
    }

    /// Four validated hex digits at `k`.
    @inline(__always)
    static func hex4(_ s: UnsafeRawBufferPointer, _ k: Int) -> UInt16 {
        var value: UInt16 = 0
        for m in k..<(k + 4) {
            let c = s[m]
            let digit = c <= 0x39 ? c &- 0x30 : (c | 0x20) &- 0x61 &+ 10
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// The decoded string; `escaped` says whether any backslash occurs (if not, the bytes are the string).
    @usableFromInline
    static func decode(_ s: UnsafeRawBufferPointer, escaped: Bool) -> String {
        guard escaped else { return String(decoding: s, as: UTF8.self) }
        // Decoding never lengthens: every escape is at least as long as the UTF-8 it stands for.
        return String(unsafeUninitializedCapacity: s.count) { out in
            var k = 0
            _ = forEachByte(s) { byte in
                out[k] = byte
                k += 1
                return true
            }
            return k
        }
    }

    /// Whether the decoded string equals `string`, without allocating.
    @usableFromInline
    static func equals(_ s: UnsafeRawBufferPointer, escaped: Bool, _ string: String) -> Bool {
        var string = string
        return string.withUTF8 { expected in
            if !escaped {
                guard expected.count == s.count else { return false }
                return expected.elementsEqual(s)
            }
            if expected.count > s.count { return false }
            var k = 0
            let prefixMatches = forEachByte(s) { byte in
                guard k < expected.count, expected[k] == byte else { return false }
                k += 1
                return true
            }
            return prefixMatches && k == expected.count
        }
    }

    /// The UTF-16 code units of the decoded string, unpaired surrogates kept as they were escaped.
    @usableFromInline
    static func utf16(_ s: UnsafeRawBufferPointer) -> [UInt16] {
        var units: [UInt16] = []
        units.reserveCapacity(s.count)
        var i = 0
        let n = s.count
        while i < n {
            let b = s[i]
            if b == 0x5C {
                let e = s[i + 1]
                switch e {
                case 0x62: units.append(0x08)
                case 0x66: units.append(0x0C)
                case 0x6E: units.append(0x0A)
                case 0x72: units.append(0x0D)
                case 0x74: units.append(0x09)
                case 0x75:
                    units.append(hex4(s, i + 2))
                    i += 6
                    continue
                default: units.append(UInt16(e))
                }
                i += 2
                continue
            }
            // Validated UTF-8: decode one scalar.
            var scalar: UInt32
            var length: Int
            if b < 0x80 {
                scalar = UInt32(b); length = 1
            } else if b < 0xE0 {
                scalar = UInt32(b & 0x1F); length = 2
            } else if b < 0xF0 {
                scalar = UInt32(b & 0x0F); length = 3
            } else {
                scalar = UInt32(b & 0x07); length = 4
            }
            for k in 1..<length { scalar = scalar << 6 | UInt32(s[i + k] & 0x3F) }
            if scalar >= 0x10000 {
                let v = scalar - 0x10000
                units.append(UInt16(0xD800 + (v >> 10)))
                units.append(UInt16(0xDC00 + (v & 0x3FF)))
            } else {
                units.append(UInt16(scalar))
            }
            i += length
        }
        return units
    }
}
