extension JSONParser {
    /// Scans a string whose opening quote is at `i`; leaves `i` past the closing quote. Returns `JSONNode` flags.
    @inline(__always)
    static func scanString(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) throws(JSONError) -> UInt8 {
        let open = i
        var j = i + 1
        var flags: UInt8 = 0
        while true {
            // Eight bytes at a time while none is a quote, backslash, control character or non-ASCII.
            while j + 8 <= n {
                let w = UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let high: UInt64 = 0x8080_8080_8080_8080
                let q = w ^ (ones &* 0x22)
                let bs = w ^ (ones &* 0x5C)
                let special = (w | ((w &- ones &* 0x20) & ~w) | ((q &- ones) & ~q) | ((bs &- ones) & ~bs)) & high
                if special != 0 {
                    // The lowest flagged byte is exactly the first special one (borrows only run upwards), so
                    // the byte loop below starts on it instead of re-testing the clean bytes before it.
                    #if _endian(little)
                    j += special.trailingZeroBitCount >> 3
                    #else
                    j += special.leadingZeroBitCount >> 3
                    #endif
                    break
                }
                j += 8
            }
            while j < n {
                let b = p[j]
                if b == 0x22 || b == 0x5C || b < 0x20 || b >= 0x80 { break }
                j += 1
            }
            guard j < n else {
                throw JSONError(.unexpectedEnd, offset: j, detail: "string starting at offset \(open) is not closed")
            }
            let b = p[j]
            if b == 0x22 {
                i = j + 1
                return flags
            } else if b == 0x5C {
                flags |= JSONNode.escaped
                try scanEscape(p, n, &j, &flags)
            } else if b < 0x20 {
                throw JSONError(.controlCharacterInString, offset: j,
                                detail: "raw control character \(describe(b)) in a string; it must be escaped")
            } else {
                flags |= JSONNode.nonASCII
                try scanUTF8(p, n, &j)
            }
        }
    }

    /// Validates the escape whose backslash is at `j`; leaves `j` past it.
    @inline(__always)
    private static func scanEscape(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ j: inout Int, _ flags: inout UInt8
    ) throws(JSONError) {
        guard j + 1 < n else { throw JSONError(.unexpectedEnd, offset: j + 1, detail: "document ends in an escape") }
        switch p[j + 1] {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
            j += 2
        case 0x75:  // u
            let unit = try hex4(p, n, j + 2)
            j += 6
            if unit & 0xFC00 == 0xD800 {
                if j + 6 <= n, p[j] == 0x5C, p[j + 1] == 0x75, let low = try? hex4(p, n, j + 2), low & 0xFC00 == 0xDC00 {
                    j += 6
                } else {
                    flags |= JSONNode.loneSurrogate
                }
            } else if unit & 0xFC00 == 0xDC00 {
                flags |= JSONNode.loneSurrogate
            }
        default:
            throw JSONError(.invalidEscape, offset: j, detail: "\\\(describe(p[j + 1])) is not a JSON escape")
        }
    }

    /// Reads four hex digits at `k`.
    @inline(__always)
    static func hex4(_ p: UnsafePointer<UInt8>, _ n: Int, _ k: Int) throws(JSONError) -> UInt16 {
        var value: UInt16 = 0
        for m in k..<(k + 4) {
            guard m < n else { throw JSONError(.unexpectedEnd, offset: n, detail: "document ends inside a \\u escape") }
            let c = p[m]
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c &- 0x30
            case 0x41...0x46: digit = c &- 0x41 &+ 10
            case 0x61...0x66: digit = c &- 0x61 &+ 10
            default:
                throw JSONError(.invalidEscape, offset: m, detail: "\(describe(c)) is not a hex digit in a \\u escape")
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Validates one UTF-8 sequence (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF) at `j`.
    @inline(__always)
    private static func scanUTF8(_ p: UnsafePointer<UInt8>, _ n: Int, _ j: inout Int) throws(JSONError) {
        let b0 = p[j]
        let length: Int
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; hi = 0x9F
        case 0xF0: length = 4; lo = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; hi = 0x8F
        default:
            throw JSONError(.invalidUTF8, offset: j, detail: "\(describe(b0)) cannot start a UTF-8 sequence")
        }
        guard j + 1 < n else { throw JSONError(.unexpectedEnd, offset: n, detail: "document ends inside a string") }
        let b1 = p[j + 1]
        guard b1 >= lo && b1 <= hi else {
            throw JSONError(.invalidUTF8, offset: j + 1, detail: "invalid UTF-8 continuation \(describe(b1))")
        }
        var k = 2
        while k < length {
            guard j + k < n else {
                throw JSONError(.unexpectedEnd, offset: n, detail: "document ends inside a string")
            }
            guard p[j + k] & 0xC0 == 0x80 else {
                throw JSONError(.invalidUTF8, offset: j + k, detail: "invalid UTF-8 continuation \(describe(p[j + k]))")
            }
            k += 1
        }
        j += length
    }

    /// Scans a number starting at `i` (a `-` or digit); returns whether it has neither fraction nor exponent.
    @inline(__always)
    static func scanNumber(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) throws(JSONError) -> Bool {
        var j = i
        if p[j] == 0x2D { j += 1 }
        guard j < n else { throw JSONError(.unexpectedEnd, offset: j, detail: "document ends after '-'") }
        let first = p[j]
        if first == 0x30 {
            j += 1
            if j < n && p[j] &- 0x30 < 10 {
                throw JSONError(.invalidNumber, offset: j, detail: "numbers may not have leading zeros")
            }
        } else if first &- 0x31 < 9 {
            j += 1
            while j < n && p[j] &- 0x30 < 10 { j += 1 }
        } else {
            throw JSONError(.invalidNumber, offset: j, detail: "expected a digit, found \(describe(first))")
        }
        var integer = true
        if j < n && p[j] == 0x2E {
            integer = false
            j += 1
            try digits(p, n, &j, after: "'.'")
        }
        if j < n && p[j] | 0x20 == 0x65 {
            integer = false
            j += 1
            if j < n && (p[j] == 0x2B || p[j] == 0x2D) { j += 1 }
            try digits(p, n, &j, after: "the exponent mark")
        }
        i = j
        return integer
    }

    @inline(__always)
    private static func digits(_ p: UnsafePointer<UInt8>, _ n: Int, _ j: inout Int, after: String) throws(JSONError) {
        guard j < n else { throw JSONError(.unexpectedEnd, offset: j, detail: "expected a digit after \(after)") }
        guard p[j] &- 0x30 < 10 else {
            throw JSONError(.invalidNumber, offset: j, detail: "expected a digit after \(after), found \(describe(p[j]))")
        }
        while j < n && p[j] &- 0x30 < 10 { j += 1 }
    }
}
