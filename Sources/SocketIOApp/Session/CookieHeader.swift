import NIOHTTP1

/// Reads cookies from `Cookie` request headers (RFC 6265 §5.4 and what browsers actually send).
enum CookieHeader {
    /// How many values of one cookie name are considered (a page may set the same name for several paths); bounds
    /// the work a hostile header can cause.
    static let maxValuesPerName = 8

    /// Every value of cookie `name` in `headers`, in order: all `Cookie` headers, pairs split at `;`, spaces and
    /// tabs trimmed, surrounding double quotes removed, percent-encoding decoded (kept as sent when not valid
    /// UTF-8 percent-encoding). Names compare exactly; a pair without `=` is ignored.
    static func values(named name: String, in headers: HTTPHeaders) -> [String] {
        var found: [String] = []
        for header in headers["cookie"] {
            for pair in header.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true) {
                guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { continue }
                guard trimmed(pair[..<equals]).elementsEqual(name.utf8) else { continue }
                found.append(decode(unquoted(trimmed(pair[pair.index(after: equals)...]))))
                if found.count == maxValuesPerName { return found }
            }
        }
        return found
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    private static func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return bytes[start..<end]
    }

    private static func unquoted(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        let quote = UInt8(ascii: "\"")
        guard bytes.count >= 2, bytes.first == quote, bytes.last == quote else { return bytes }
        return bytes[bytes.index(after: bytes.startIndex)..<bytes.index(before: bytes.endIndex)]
    }

    /// Percent-decodes like JavaScript's `decodeURIComponent` (`+` stays `+`); anything malformed is kept as sent.
    private static func decode(_ bytes: Substring.UTF8View) -> String {
        guard bytes.contains(UInt8(ascii: "%")) else { return String(Substring(bytes)) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                index = bytes.index(after: index)
                continue
            }
            let first = bytes.index(after: index)
            guard first < bytes.endIndex, let high = hexValue(bytes[first]) else { return String(Substring(bytes)) }
            let second = bytes.index(after: first)
            guard second < bytes.endIndex, let low = hexValue(bytes[second]) else { return String(Substring(bytes)) }
            out.append(high << 4 | low)
            index = bytes.index(after: second)
        }
        return String(validating: out, as: UTF8.self) ?? String(Substring(bytes))
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
