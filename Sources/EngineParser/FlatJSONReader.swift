/// Reads one flat JSON object (scalar values and arrays of scalars, no nesting) from raw bytes, for the handshake.
/// Iterative, bounded by the input: hostile input cannot drive it deep.
struct FlatJSONReader {
    private let p: UnsafeRawBufferPointer
    private var i = 0

    init(_ p: UnsafeRawBufferPointer) { self.p = p }

    private func fail(_ detail: String) -> EngineError { .invalidHandshake.at(i, detail) }

    private mutating func skipSpace() {
        while i < p.count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D { i += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(EngineError) {
        skipSpace()
        guard i < p.count, p[i] == byte else { throw fail("expected \(what)") }
        i += 1
    }

    /// Peeks at the next non-space byte.
    private mutating func peek() -> UInt8? {
        skipSpace()
        return i < p.count ? p[i] : nil
    }

    mutating func readHandshake() throws(EngineError) -> EngineHandshake {
        var sid: String?
        var upgrades: [String]?
        var pingInterval: Int?
        var pingTimeout: Int?
        var maxPayload: Int?
        var seen: Set<String> = []
        try expect(0x7B, "{")
        if peek() == 0x7D {
            i += 1
        } else {
            while true {
                guard peek() == 0x22 else { throw fail("expected a key") }
                let keyOffset = i
                let key = try readString()
                guard seen.insert(key).inserted else { throw EngineError.invalidHandshake.at(keyOffset, "duplicate key \(key)") }
                try expect(0x3A, ":")
                switch key {
                case "sid": sid = try readStringValue()
                case "upgrades": upgrades = try readStringArray()
                case "pingInterval": pingInterval = try readInteger()
                case "pingTimeout": pingTimeout = try readInteger()
                case "maxPayload": maxPayload = try readInteger()
                default: try skipValue(allowArray: true)
                }
                guard let next = peek() else { throw fail("unterminated object") }
                i += 1
                if next == 0x7D { break }
                guard next == 0x2C else { i -= 1; throw fail("expected , or }") }
            }
        }
        skipSpace()
        guard i == p.count else { throw fail("bytes after the object") }
        guard let sid else { throw EngineError.invalidHandshake.at(0, "missing sid") }
        guard let pingInterval else { throw EngineError.invalidHandshake.at(0, "missing pingInterval") }
        guard let pingTimeout else { throw EngineError.invalidHandshake.at(0, "missing pingTimeout") }
        return EngineHandshake(
            sid: sid, upgrades: upgrades ?? [], pingInterval: pingInterval, pingTimeout: pingTimeout,
            maxPayload: maxPayload ?? 1_000_000)
    }

    /// A non-negative integer that fits in 15 digits (JavaScript's safe integers are below 2^53).
    private mutating func readInteger() throws(EngineError) -> Int {
        skipSpace()
        let start = i
        var value = 0
        while i < p.count, p[i] >= 0x30, p[i] <= 0x39 {
            guard i - start < 15 else { throw fail("integer too long") }
            value = value * 10 + Int(p[i] - 0x30)
            i += 1
        }
        guard i > start else { throw fail("expected a non-negative integer") }
        guard i - start == 1 || p[start] != 0x30 else { i = start; throw fail("leading zero") }
        if i < p.count, p[i] == 0x2E || p[i] == 0x65 || p[i] == 0x45 { throw fail("expected an integer") }
        return value
    }

    /// A string value, after optional whitespace.
    private mutating func readStringValue() throws(EngineError) -> String {
        guard peek() == 0x22 else { throw fail("expected a string") }
        return try readString()
    }

    private mutating func readStringArray() throws(EngineError) -> [String] {
        try expect(0x5B, "[")
        var result: [String] = []
        if peek() == 0x5D {
            i += 1
            return result
        }
        while true {
            guard peek() == 0x22 else { throw fail("expected a string") }
            result.append(try readString())
            guard let next = peek() else { throw fail("unterminated array") }
            i += 1
            if next == 0x5D { return result }
            guard next == 0x2C else { i -= 1; throw fail("expected , or ]") }
        }
    }

    /// Skips a scalar, or (when `allowArray`) an array of scalars.
    private mutating func skipValue(allowArray: Bool) throws(EngineError) {
        guard let first = peek() else { throw fail("expected a value") }
        switch first {
        case 0x22:
            _ = try readString()
        case 0x5B where allowArray:
            i += 1
            if peek() == 0x5D {
                i += 1
                return
            }
            while true {
                try skipValue(allowArray: false)
                guard let next = peek() else { throw fail("unterminated array") }
                i += 1
                if next == 0x5D { return }
                guard next == 0x2C else { i -= 1; throw fail("expected , or ]") }
            }
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        case 0x2D, 0x30...0x39: try skipNumber()
        default: throw fail("unsupported value (the handshake is a flat object)")
        }
    }

    private mutating func literal(_ word: StaticString) throws(EngineError) {
        let count = word.utf8CodeUnitCount
        guard p.count - i >= count else { throw fail("expected \(word)") }
        for k in 0..<count where p[i + k] != word.utf8Start[k] { throw fail("expected \(word)") }
        i += count
    }

    /// JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func skipNumber() throws(EngineError) {
        if p[i] == 0x2D { i += 1 }
        func digits(_ r: inout FlatJSONReader) -> Int {
            let s = r.i
            while r.i < r.p.count, r.p[r.i] >= 0x30, r.p[r.i] <= 0x39 { r.i += 1 }
            return r.i - s
        }
        let intStart = i
        let n = digits(&self)
        guard n > 0, n == 1 || p[intStart] != 0x30 else { throw fail("malformed number") }
        if i < p.count, p[i] == 0x2E {
            i += 1
            guard digits(&self) > 0 else { throw fail("malformed number") }
        }
        if i < p.count, p[i] == 0x65 || p[i] == 0x45 {
            i += 1
            if i < p.count, p[i] == 0x2B || p[i] == 0x2D { i += 1 }
            guard digits(&self) > 0 else { throw fail("malformed number") }
        }
    }

    /// A JSON string at `i` (which holds the opening quote), escapes decoded, UTF-8 validated.
    private mutating func readString() throws(EngineError) -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < p.count else { throw fail("unterminated string") }
            let byte = p[i]
            switch byte {
            case 0x22:
                i += 1
                return String(decoding: out, as: UTF8.self)
            case 0x5C:
                try readEscape(into: &out)
            case 0..<0x20:
                throw fail("control character in a string")
            case 0x80...:
                let length = UTF8Scan.sequenceLength(p, at: i)
                guard length > 0 else { throw EngineError.invalidUTF8.at(i) }
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[i..<(i + length)]))
                i += length
            default:
                out.append(byte)
                i += 1
            }
        }
    }

    private mutating func readEscape(into out: inout [UInt8]) throws(EngineError) {
        guard i + 1 < p.count else { throw fail("unterminated escape") }
        let c = p[i + 1]
        i += 2
        switch c {
        case 0x22, 0x5C, 0x2F: out.append(c)
        case 0x62: out.append(0x08)
        case 0x66: out.append(0x0C)
        case 0x6E: out.append(0x0A)
        case 0x72: out.append(0x0D)
        case 0x74: out.append(0x09)
        case 0x75:
            var scalar = try readHex4()
            if scalar >= 0xD800, scalar < 0xDC00 {
                guard i + 1 < p.count, p[i] == 0x5C, p[i + 1] == 0x75 else { throw fail("lone surrogate") }
                i += 2
                let low = try readHex4()
                guard low >= 0xDC00, low < 0xE000 else { throw fail("lone surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00, scalar < 0xE000 {
                throw fail("lone surrogate")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid escape") }
            out.append(contentsOf: String(Character(unicode)).utf8)
        default:
            i -= 2
            throw fail("invalid escape")
        }
    }

    private mutating func readHex4() throws(EngineError) -> UInt32 {
        guard p.count - i >= 4 else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = p[i]
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x41...0x46: digit = c - 0x41 + 10
            case 0x61...0x66: digit = c - 0x61 + 10
            default: throw fail("bad hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }
}
