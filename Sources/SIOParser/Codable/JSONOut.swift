/// The primitive writers the encoder uses, in one place: strings and numbers go through `JSONWriter` so that the
/// output matches `JSON.stringify` byte for byte.
enum JSONOut {
    static func null(to out: inout [UInt8]) {
        out.append(contentsOf: "null".utf8)
    }

    static func bool(_ value: Bool, to out: inout [UInt8]) {
        out.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    static func string(_ value: String, to out: inout [UInt8]) {
        JSONWriter.appendString(value, to: &out)
    }

    /// Any integer, exactly (JSON.stringify cannot print a UInt64 above 2^53 exactly; JSONEncoder does, and so do we).
    static func int<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        if let small = Int64(exactly: value) {
            JSONWriter.appendInt(small, to: &out)
        } else {
            appendDigits(UInt64(truncatingIfNeeded: value), to: &out)
        }
    }

    /// NaN and the infinities become `null`, as JSON.stringify writes them.
    static func double(_ value: Double, to out: inout [UInt8]) {
        JSONWriter.appendDouble(value, to: &out)
    }

    /// A Float is written with its own shortest digits (`0.1`, not `0.10000000149011612`), as JSONEncoder does.
    static func float(_ value: Float, to out: inout [UInt8]) {
        guard value.isFinite else {
            null(to: &out)
            return
        }
        JSONWriter.appendDouble(Double(value.description) ?? Double(value), to: &out)
    }

    private static func appendDigits(_ value: UInt64, to out: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        out.append(contentsOf: digits.reversed())
    }
}
