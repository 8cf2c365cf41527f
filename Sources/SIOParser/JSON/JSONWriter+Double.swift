extension JSONWriter {
    /// Appends a number formatted like JavaScript's `Number.prototype.toString`: the shortest digits that read back
    /// to the same Double, plain notation for exponents -7 < e < 21 (`1`, `0.000001`, `123456789012345680000`),
    /// exponential otherwise (`1e-7`, `1e+21`, `1.5e+300`); `-0` as `0`; NaN and ±infinity as `null`, as
    /// `JSON.stringify` does.
    public static func appendDouble(_ value: Double, to out: inout [UInt8]) {
        JSONSink.write(into: &out) { $0.writeDouble(value) }
    }

    /// The longest text `layOutJavaScript` writes plus a sign: 17 significant digits (at most 32 are kept) behind
    /// `0.` and five zeros.
    static let maxDoubleLength = 40

    /// Powers of ten that are exact Doubles, for `writeShortDecimal`.
    private static let exactPowersOfTen: (Double, Double, Double, Double, Double, Double, Double) =
        (1, 10, 100, 1_000, 10_000, 100_000, 1_000_000)

    /// Writes a positive finite `value` that is exactly `m / 10^k` for an integer `m < 10^15` and `k <= 6` (integers,
    /// halves, quarters, ...) without going through `description`; returns the length, or `nil` for any other value.
    ///
    /// Why the output equals `Number.prototype.toString`: `m / 10^k` with the smallest such `k` is the value itself,
    /// and no decimal with fewer significant digits is within half an ulp of it (such a decimal is a multiple of
    /// `10^(1-k)`, at least `10^-k` away, while half an ulp is below `value * 2^-53 < 10^(15-k) * 2^-53 < 10^-k`).
    /// So it is the unique shortest round-trip form, and `1e-6 <= value < 10^15` is laid out in plain notation.
    static func writeShortDecimal(_ value: Double, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        guard value < 1e15 else { return nil }
        var k = 0
        var m: UInt64 = 0
        while true {
            let scale: Double
            switch k {
            case 0: scale = exactPowersOfTen.0
            case 1: scale = exactPowersOfTen.1
            case 2: scale = exactPowersOfTen.2
            case 3: scale = exactPowersOfTen.3
            case 4: scale = exactPowersOfTen.4
            case 5: scale = exactPowersOfTen.5
            case 6: scale = exactPowersOfTen.6
            default: return nil
            }
            let product = value * scale
            // The product is exact when the fused multiply-add finds no rounding error.
            if product < 1e15, (-product).addingProduct(value, scale) == 0, product.rounded(.towardZero) == product {
                m = UInt64(product)
                break
            }
            k += 1
        }
        // Digits of m, then a point inserted k digits from the right (with leading zeros when m < 10^k).
        var digits = 1
        var probe = m / 10
        while probe > 0 {
            digits += 1
            probe /= 10
        }
        let integerDigits = digits > k ? digits - k : 0
        let length = k == 0 ? digits : (integerDigits == 0 ? 2 + k : digits + 1)
        var position = length
        var rest = m
        var fraction = k
        while position > 0 {
            position -= 1
            if k > 0 && fraction == 0 {
                out[position] = 0x2E
                fraction = -1
                continue
            }
            out[position] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            if fraction > 0 { fraction -= 1 }
        }
        return length
    }

    /// Re-lays out Swift's `description` of a positive finite Double (`1.0`, `1e-07`, `1.2345678901234568e+20`) as
    /// JavaScript's `Number.prototype.toString` would, at `out` (room for `maxDoubleLength - 1` bytes); returns the
    /// length written.
    static func layOutJavaScript(_ utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
            var written = 0
            layOutJavaScript(utf8, digits) { byte in
                out[written] = byte
                written += 1
            }
            return written
        }
    }

    @inline(__always)
    private static func layOutJavaScript(
        _ utf8: UnsafeBufferPointer<UInt8>, _ digits: UnsafeMutableBufferPointer<UInt8>, _ put: (UInt8) -> Void
    ) {
        var count = 0
        var pointPosition = -1
        var exponent = 0
        var i = 0
        while i < utf8.count {
            let c = utf8[i]
            if c == 0x2E {
                pointPosition = count
            } else if c == 0x65 {
                var e = 0
                var negative = false
                var k = i + 1
                if k < utf8.count && (utf8[k] == 0x2D || utf8[k] == 0x2B) {
                    negative = utf8[k] == 0x2D
                    k += 1
                }
                while k < utf8.count {
                    e = e * 10 + Int(utf8[k] &- 0x30)
                    k += 1
                }
                exponent = negative ? -e : e
                break
            } else if count < digits.count {
                digits[count] = c
                count += 1
            }
            i += 1
        }
        if pointPosition < 0 { pointPosition = count }
        // value = 0.DIGITS × 10^n after dropping leading zeros; trailing zeros are not significant.
        var n = pointPosition + exponent
        var first = 0
        while first < count - 1 && digits[first] == 0x30 {
            first += 1
            n -= 1
        }
        var last = count
        while last > first + 1 && digits[last - 1] == 0x30 { last -= 1 }
        let significant = UnsafeBufferPointer(rebasing: digits[first..<last])
        let k = significant.count
        if k <= n && n <= 21 {
            for d in significant { put(d) }
            for _ in 0..<(n - k) { put(0x30) }
        } else if 0 < n && n <= 21 {
            for d in significant[..<n] { put(d) }
            put(0x2E)
            for d in significant[n...] { put(d) }
        } else if -6 < n && n <= 0 {
            put(0x30)
            put(0x2E)
            for _ in 0..<(-n) { put(0x30) }
            for d in significant { put(d) }
        } else {
            put(significant[0])
            if k > 1 {
                put(0x2E)
                for d in significant[1...] { put(d) }
            }
            put(0x65)
            put(n - 1 < 0 ? 0x2D : 0x2B)
            var e = (n - 1).magnitude
            var divisor: UInt = 1
            while divisor * 10 <= e { divisor *= 10 }
            while divisor > 0 {
                put(0x30 &+ UInt8(truncatingIfNeeded: e / divisor))
                e %= divisor
                divisor /= 10
            }
        }
    }
}
