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
        var text = value.magnitude.description
        text.withUTF8 { utf8 in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
                appendJavaScriptLayout(utf8, digits, to: &out)
            }
        }
    }

    /// Re-lays out Swift's `description` of a positive finite Double (`1.0`, `1e-07`, `1.2345678901234568e+20`) as
    /// JavaScript's `Number.prototype.toString` would.
    private static func appendJavaScriptLayout(
        _ utf8: UnsafeBufferPointer<UInt8>, _ digits: UnsafeMutableBufferPointer<UInt8>, to out: inout [UInt8]
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
            out.append(contentsOf: significant)
            for _ in 0..<(n - k) { out.append(0x30) }
        } else if 0 < n && n <= 21 {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: significant[..<n]))
            out.append(0x2E)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: significant[n...]))
        } else if -6 < n && n <= 0 {
            out.append(0x30)
            out.append(0x2E)
            for _ in 0..<(-n) { out.append(0x30) }
            out.append(contentsOf: significant)
        } else {
            out.append(significant[0])
            if k > 1 {
                out.append(0x2E)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: significant[1...]))
            }
            out.append(0x65)
            out.append(n - 1 < 0 ? 0x2D : 0x2B)
            appendInt(Int64((n - 1).magnitude), to: &out)
        }
    }
}
