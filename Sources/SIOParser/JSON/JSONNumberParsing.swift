/// Conversions of validated JSON number text, shared by every `Bytes` type.
@usableFromInline
enum JSONNumberParsing {
    /// The exact value of an integer literal (`-?digits`), or `nil` when outside `Int64`.
    @usableFromInline
    static func int64(_ s: UnsafeRawBufferPointer) -> Int64? {
        var i = 0
        let negative = s[0] == 0x2D
        if negative { i = 1 }
        // Accumulate negatively so that Int64.min fits.
        var value: Int64 = 0
        while i < s.count {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (d, o2) = m.subtractingReportingOverflow(Int64(s[i] &- 0x30))
            if o1 || o2 { return nil }
            value = d
            i += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// The value of a number that is written with a fraction or exponent but is exactly an integer in `Int64`
    /// (`1.0`, `1e2`, `-2.50e1`), or `nil`.
    @usableFromInline
    static func exactInt64(_ s: UnsafeRawBufferPointer) -> Int64? {
        // Split into significant digits and a decimal exponent, exactly.
        var i = 0
        let negative = s[0] == 0x2D
        if negative { i = 1 }
        var digitsStart = -1
        var digitCount = 0  // significant digits, leading zeros dropped
        var fractionDigits = 0
        var inFraction = false
        var lastNonZero = -1  // index into the digit sequence of the last non-zero digit
        var digitIndex = 0
        let n = s.count
        while i < n {
            let c = s[i]
            if c == 0x2E { inFraction = true; i += 1; continue }
            if c | 0x20 == 0x65 { break }
            if digitsStart < 0 && c == 0x30 {
                if inFraction { fractionDigits += 1 }
                i += 1
                continue
            }
            if digitsStart < 0 { digitsStart = i }
            if c != 0x30 { lastNonZero = digitIndex }
            digitIndex += 1
            digitCount += 1
            if inFraction { fractionDigits += 1 }
            i += 1
        }
        var exponent = 0
        if i < n {
            i += 1
            var expNegative = false
            if s[i] == 0x2B || s[i] == 0x2D { expNegative = s[i] == 0x2D; i += 1 }
            while i < n {
                exponent = exponent * 10 + Int(s[i] &- 0x30)
                if exponent > 100_000 { break }  // far outside Int64 either way
                i += 1
            }
            if expNegative { exponent = -exponent }
        }
        if digitsStart < 0 { return 0 }  // all zeros
        // value = D × 10^(exponent - fractionDigits), D = the significant digits; drop trailing zeros of D.
        let trailingZeros = digitCount - 1 - lastNonZero
        let significant = digitCount - trailingZeros
        let scale = exponent - fractionDigits + trailingZeros
        if scale < 0 || significant + scale > 19 { return nil }
        var value: Int64 = 0
        var taken = 0
        i = digitsStart
        while taken < significant {
            let c = s[i]
            i += 1
            if c == 0x2E { continue }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (d, o2) = m.subtractingReportingOverflow(Int64(c &- 0x30))
            if o1 || o2 { return nil }
            value = d
            taken += 1
        }
        for _ in 0..<scale {
            let (m, o) = value.multipliedReportingOverflow(by: 10)
            if o { return nil }
            value = m
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// Exact powers of ten representable in a Double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    /// The correctly rounded Double of a number (±infinity beyond the Double range, as `JSON.parse` gives).
    @usableFromInline
    static func double(_ s: UnsafeRawBufferPointer) -> Double {
        // Fast path (Clinger): at most 15 significant digits and a small exponent are exact in one operation.
        var i = 0
        let n = s.count
        let negative = s[0] == 0x2D
        if negative { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var inFraction = false
        var fast = true
        while i < n {
            let c = s[i]
            if c == 0x2E { inFraction = true; i += 1; continue }
            if c | 0x20 == 0x65 { break }
            if mantissa != 0 || c != 0x30 { digits += 1 }
            mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
            if inFraction { fractionDigits += 1 }
            i += 1
            if digits > 15 { fast = false; break }
        }
        var exponent = 0
        if fast && i < n {
            i += 1
            var expNegative = false
            if s[i] == 0x2B || s[i] == 0x2D { expNegative = s[i] == 0x2D; i += 1 }
            while i < n {
                exponent = exponent * 10 + Int(s[i] &- 0x30)
                if exponent > 1000 { fast = false; break }
                i += 1
            }
            if expNegative { exponent = -exponent }
        }
        if fast {
            let e = exponent - fractionDigits
            if e >= -22 && e <= 22 {
                var value = Double(mantissa)
                value = e < 0 ? value / powersOfTen[-e] : value * powersOfTen[e]
                return negative ? -value : value
            }
        }
        // Slow path: the standard library's correctly rounded conversion.
        return Double(String(decoding: s, as: UTF8.self)) ?? .nan
    }
}
