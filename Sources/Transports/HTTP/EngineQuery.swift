/// Query-string parsing for engine requests, with the reference's semantics
/// (`Object.fromEntries(new URL(uri, base).searchParams)`).
public enum EngineQuery {
    /// The parameters of `uri`'s query, percent-decoded (`+` as space, like `URLSearchParams`); the last value of a
    /// repeated name wins. Malformed escapes are kept as they are and bytes that are not UTF-8 become U+FFFD, never a
    /// crash. As the URL parser reads a target, trailing controls and spaces are ignored and a `#` before the first
    /// `?` leaves no query. The work is linear in the length of `uri`, which the server's header-size limit already
    /// bounds.
    public static func parse(_ uri: String) -> [String: String] {
        var out: [String: String] = [:]
        forEachPair(in: uri) { name, value in out[name] = value }
        return out
    }

    /// Calls `body` with each decoded name and value of `uri`'s query, in order (the `URLSearchParams` list).
    static func forEachPair(in uri: String, _ body: (String, String) -> Void) {
        var utf8 = Substring(uri).utf8
        // The URL parser first strips trailing C0 controls and spaces from the whole input (leading ones never reach
        // the query).
        while let last = utf8.last, last <= 0x20 { utf8 = utf8.dropLast() }
        // A URL's query runs from the first `?` to the first `#`; a `#` before any `?` starts the fragment, which
        // holds no query.
        guard let question = utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }),
            utf8[question] == UInt8(ascii: "?")
        else { return }
        utf8 = utf8[utf8.index(after: question)...]
        if let hash = utf8.firstIndex(of: UInt8(ascii: "#")) { utf8 = utf8[..<hash] }
        var start = utf8.startIndex
        while start < utf8.endIndex {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "&")) ?? utf8.endIndex
            let pair = utf8[start..<end]
            // Empty sequences (`a=1&&b=2`) are skipped, as the form-urlencoded parser does.
            if !pair.isEmpty {
                if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
                    body(decode(pair[..<equals]), decode(pair[pair.index(after: equals)...]))
                } else {
                    body(decode(pair), "")
                }
            }
            start = end == utf8.endIndex ? end : utf8.index(after: end)
        }
    }

    /// `+` → space, `%XX` → byte (a `%` not followed by two hex digits stays literal), then UTF-8 with U+FFFD for
    /// invalid sequences. Tab, CR and LF are dropped, as the URL parser removes them before anything else.
    static func decode(_ part: Substring.UTF8View) -> String {
        let needsWork = part.contains { byte in
            byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }
        guard needsWork else { return String(Substring(part)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(part.count)
        var index = part.startIndex
        while index < part.endIndex {
            let byte = part[index]
            index = part.index(after: index)
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case 0x09, 0x0A, 0x0D:
                continue
            case UInt8(ascii: "%"):
                // Tab/CR/LF inside an escape are removed by the URL parser first, so `%4\n1` is `A`.
                var lookahead = index
                var digits: [UInt8] = []
                while digits.count < 2, lookahead < part.endIndex {
                    let next = part[lookahead]
                    lookahead = part.index(after: lookahead)
                    if next == 0x09 || next == 0x0A || next == 0x0D { continue }
                    digits.append(next)
                }
                if digits.count == 2, let high = hexValue(digits[0]), let low = hexValue(digits[1]) {
                    bytes.append(high << 4 | low)
                    index = lookahead
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
