extension JSONWriter {
    /// Appends a number formatted like JavaScript's `Number.prototype.toString`: the shortest digits that read back
    /// to the same Double, plain notation for exponents -7 < e < 21 (`1`, `0.000001`, `123456789012345680000`),
    /// exponential otherwise (`1e-7`, `1e+21`, `1.5e+300`); `-0` as `0`; NaN and ±infinity as `null`, as
    /// `JSON.stringify` does.
    public static func appendDouble(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else {
            appendNull(to: &out)
            return
        }
        if value == 0 {
            out.append(0x30)
            return
        }
        if value < 0 { out.append(0x2D) }
        // Swift's description gives the shortest round-trip digits; only the layout differs from JavaScript's.
        var digits: [UInt8] = []
        digits.reserveCapacity(17)
        var pointPosition = -1
        var exponent = 0
        var text = value.magnitude.description
        text.withUTF8 { utf8 in
            var i = 0
            while i < utf8.count {
                let c = utf8[i]
                if c == 0x2E {
                    pointPosition = digits.count
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
                } else {
                    digits.append(c)
                }
                i += 1
            }
        }
        if pointPosition < 0 { pointPosition = digits.count }
        // value = 0.DIGITS × 10^n after dropping leading zeros; trailing zeros are not significant.
        var n = pointPosition + exponent
        var first = 0
        while first < digits.count - 1 && digits[first] == 0x30 {
            first += 1
            n -= 1
        }
        var last = digits.count
        while last > first + 1 && digits[last - 1] == 0x30 { last -= 1 }
        let significant = digits[first..<last]
        let k = significant.count
        if k <= n && n <= 21 {
            out.append(contentsOf: significant)
            for _ in 0..<(n - k) { out.append(0x30) }
        } else if 0 < n && n <= 21 {
            out.append(contentsOf: significant.prefix(n))
            out.append(0x2E)
            out.append(contentsOf: significant.dropFirst(n))
        } else if -6 < n && n <= 0 {
            out.append(0x30)
            out.append(0x2E)
            for _ in 0..<(-n) { out.append(0x30) }
            out.append(contentsOf: significant)
        } else {
            out.append(significant[significant.startIndex])
            if k > 1 {
                out.append(0x2E)
                out.append(contentsOf: significant.dropFirst())
            }
            out.append(0x65)
            out.append(n - 1 < 0 ? 0x2D : 0x2B)
            appendInt(Int64((n - 1).magnitude), to: &out)
        }
    }
}
