/// Building blocks for writing JSON text exactly as JavaScript's `JSON.stringify` does; other encoders reuse them.
public enum JSONWriter {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a quoted JSON string, escaped like `JSON.stringify`: `\"`, `\\`, `\b \f \n \r \t`, other
    /// control characters as `\u00xx` (lowercase hex); everything else (U+2028/2029, DEL, non-ASCII) raw.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        JSONSink.write(into: &out) { $0.writeString(s) }
    }

    /// Appends already valid UTF-8 `bytes` as a quoted JSON string, escaped as in `appendString`.
    public static func appendString(utf8 bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        JSONSink.write(into: &out) { $0.writeString(utf8: bytes) }
    }

    @inline(__always)
    private static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        switch b {
        case 0x22: out.append(0x5C); out.append(0x22)
        case 0x5C: out.append(0x5C); out.append(0x5C)
        case 0x08: out.append(0x5C); out.append(0x62)
        case 0x0C: out.append(0x5C); out.append(0x66)
        case 0x0A: out.append(0x5C); out.append(0x6E)
        case 0x0D: out.append(0x5C); out.append(0x72)
        case 0x09: out.append(0x5C); out.append(0x74)
        default: appendUnicodeEscape(UInt16(b), to: &out)
        }
    }

    /// `\uxxxx` with lowercase hex, as `JSON.stringify` writes.
    private static func appendUnicodeEscape(_ unit: UInt16, to out: inout [UInt8]) {
        out.append(0x5C)
        out.append(0x75)
        out.append(hexDigits[Int(unit >> 12)])
        out.append(hexDigits[Int((unit >> 8) & 0xF)])
        out.append(hexDigits[Int((unit >> 4) & 0xF)])
        out.append(hexDigits[Int(unit & 0xF)])
    }

    /// Appends a JavaScript string given as UTF-16 code units, as `JSON.stringify` does: escapes as in
    /// `appendString`, unpaired surrogates as `\udxxx`, everything else as UTF-8.
    public static func appendString<Units: Sequence<UInt16>>(utf16 units: Units, to out: inout [UInt8]) {
        out.append(0x22)
        var iterator = units.makeIterator()
        var pending = iterator.next()
        while let unit = pending {
            pending = iterator.next()
            var scalar = UInt32(unit)
            if unit & 0xFC00 == 0xD800 {
                if let low = pending, low & 0xFC00 == 0xDC00 {
                    scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    pending = iterator.next()
                } else {
                    appendUnicodeEscape(unit, to: &out)
                    continue
                }
            } else if unit & 0xFC00 == 0xDC00 {
                appendUnicodeEscape(unit, to: &out)
                continue
            }
            if scalar < 0x20 || scalar == 0x22 || scalar == 0x5C {
                appendEscape(UInt8(scalar), to: &out)
            } else {
                _ = JSONStringDecoding.encode(scalar) { out.append($0); return true }
            }
        }
        out.append(0x22)
    }

    /// Appends an integer in decimal.
    public static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            out.append(0x30 + UInt8(magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 20 digits fit in 24 bytes
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[23 - count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    /// Appends `null`.
    public static func appendNull(to out: inout [UInt8]) {
        out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    }

    /// Appends `true` or `false`.
    public static func appendBool(_ value: Bool, to out: inout [UInt8]) {
        if value {
            out.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        } else {
            out.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        }
    }

    /// Appends the Socket.IO attachment placeholder `{"_placeholder":true,"num":N}`.
    public static func appendPlaceholder(num: Int, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"_placeholder":true,"num":"#.utf8)
        appendInt(Int64(num), to: &out)
        out.append(0x7D)
    }
}
