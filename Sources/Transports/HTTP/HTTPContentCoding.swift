import NIOCore
import NIOHTTP1

/// gzip or deflate of polling responses.
struct HTTPContentCoding: Hashable, Sendable {
    /// The token in Accept-Encoding and Content-Encoding.
    let token: String
    /// gzip (RFC 1952).
    static let gzip = HTTPContentCoding(token: "gzip")
    /// deflate (zlib stream, RFC 1950, as Node's `createDeflate` writes it).
    static let deflate = HTTPContentCoding(token: "deflate")

    /// The codings the server offers, in its order of preference (the reference's `["gzip", "deflate"]`).
    static let offered: [HTTPContentCoding] = [.gzip, .deflate]

    /// The most Accept-Encoding entries looked at; a longer list is cut there (a browser sends about five).
    static let maxAcceptEntries = 64

    /// The coding to use for a request's Accept-Encoding, preferring gzip, honouring q-values (q=0 refuses), the way
    /// the reference's `accepts(req).encodings(["gzip", "deflate"])` (negotiator 0.6) decides; nil for none.
    ///
    /// Each offered coding takes its best-matching entry: an exact token beats `*` whatever their q (so `gzip;q=0, *`
    /// refuses gzip but accepts deflate), then the higher q, then the later entry. The coding with the highest q wins;
    /// ties go to the exact match over `*`, then to the coding the client listed first (`deflate, gzip` picks deflate,
    /// as the reference does), then to the server's order, gzip before deflate.
    static func negotiate(_ headers: HTTPHeaders) -> HTTPContentCoding? {
        let entries = acceptEntries(headers)
        var best: (coding: HTTPContentCoding, priority: Priority)?
        for (index, coding) in offered.enumerated() {
            guard let priority = priority(of: coding, index: index, in: entries), priority.q > 0 else { continue }
            if let current = best, !priority.sortsBefore(current.priority) { continue }
            best = (coding, priority)
        }
        return best?.coding
    }

    /// One `coding;q=value` entry of Accept-Encoding.
    struct AcceptEntry: Equatable {
        /// The coding token, lowercased.
        var token: Substring
        /// The q-value: 1 when absent, NaN when it does not parse (a refusal, as in the reference).
        var q: Double
        /// The entry's position in the header.
        var position: Int

        static func == (lhs: AcceptEntry, rhs: AcceptEntry) -> Bool {
            lhs.token == rhs.token && lhs.position == rhs.position
                && (lhs.q == rhs.q || (lhs.q.isNaN && rhs.q.isNaN))
        }
    }

    /// How well an offered coding is accepted: q, specificity (1 exact, 0 `*`), the matching entry's position and
    /// the coding's own index in `offered`.
    struct Priority {
        var q: Double
        var specificity: Int
        var entry: Int
        var index: Int

        /// negotiator's `compareSpecs`: higher q, then higher specificity, then earlier entry, then earlier index.
        func sortsBefore(_ other: Priority) -> Bool {
            let order = Self.jsOr(
                other.q - q, Double(other.specificity - specificity), Double(entry - other.entry),
                Double(index - other.index))
            return order < 0
        }

        /// JavaScript's `a || b || …` over numbers: the first that is neither 0 nor NaN, else the last.
        static func jsOr(_ values: Double...) -> Double {
            for value in values.dropLast() where value != 0 && !value.isNaN { return value }
            return values.last ?? 0
        }
    }

    /// The entry that best matches `coding`, as negotiator's `getEncodingPriority` chooses it; nil when none does.
    static func priority(of coding: HTTPContentCoding, index: Int, in entries: [AcceptEntry]) -> Priority? {
        var best = Priority(q: 0, specificity: 0, entry: -1, index: index)
        var found = false
        for entry in entries {
            let specificity: Int
            if entry.token == coding.token {
                specificity = 1
            } else if entry.token == "*" {
                specificity = 0
            } else {
                continue
            }
            let candidate = Priority(q: entry.q, specificity: specificity, entry: entry.position, index: index)
            // The candidate replaces the current best when (s, q, position) compare greater, with NaN as a tie.
            let order = Priority.jsOr(
                Double(best.specificity - candidate.specificity), best.q - candidate.q,
                Double(best.entry - candidate.entry))
            if order < 0 {
                best = candidate
                found = true
            }
        }
        return found ? best : nil
    }

    /// The entries of every Accept-Encoding field, joined as Node joins repeated fields (with `,`).
    ///
    /// Fields are read as bytes, as Node reads them: a separator followed by a combining mark is still a separator
    /// (Character-wise it would fuse into one grapheme and hide the entry boundary).
    static func acceptEntries(_ headers: HTTPHeaders) -> [AcceptEntry] {
        var entries: [AcceptEntry] = []
        var position = 0
        for field in headers["accept-encoding"] {
            // Scanned lazily, on bytes: an overlong header costs no more than its first `maxAcceptEntries` entries,
            // and a combining mark after a comma cannot fuse with it (as it would in a Character scan).
            let bytes = Substring(field).utf8
            var start = bytes.startIndex
            while true {
                guard position < maxAcceptEntries else { return entries }
                let end = bytes[start...].firstIndex(of: UInt8(ascii: ",")) ?? bytes.endIndex
                if let entry = parseEntry(bytes[start..<end], position: position) { entries.append(entry) }
                position += 1
                guard end < bytes.endIndex else { break }
                start = bytes.index(after: end)
            }
        }
        return entries
    }

    /// `token *( ";" param )`; only the first `q` parameter counts (negotiator's rule). Nil for an empty or
    /// space-containing token.
    static func parseEntry(_ item: Substring.UTF8View, position: Int) -> AcceptEntry? {
        let semicolon = item.firstIndex(of: UInt8(ascii: ";")) ?? item.endIndex
        let token = trimmingHTTPWhitespace(item[..<semicolon])
        guard !token.isEmpty, !token.contains(where: isHTTPWhitespace) else { return nil }
        var q = 1.0
        var rest = item[semicolon...]
        while let separator = rest.first, separator == UInt8(ascii: ";") {
            rest = rest.dropFirst()
            let end = rest.firstIndex(of: UInt8(ascii: ";")) ?? rest.endIndex
            let parameter = trimmingHTTPWhitespace(rest[..<end])
            rest = rest[end...]
            let equals = parameter.firstIndex(of: UInt8(ascii: "=")) ?? parameter.endIndex
            guard parameter[..<equals].elementsEqual("q".utf8) else { continue }
            if equals == parameter.endIndex {
                q = .nan
            } else {
                let value = parameter[parameter.index(after: equals)...]
                q = parseFloat(value.prefix { $0 != UInt8(ascii: "=") })
            }
            break
        }
        // Only ASCII letters fold: the token is compared with ASCII codings, as the reference compares latin1 text.
        let lowered = token.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
        return AcceptEntry(token: Substring(String(decoding: lowered, as: UTF8.self)), q: q, position: position)
    }

    /// JavaScript's `parseFloat` of `text`.
    static func parseFloat(_ text: Substring) -> Double {
        parseFloat(text.utf8)
    }

    /// JavaScript's `parseFloat`: the longest numeric prefix after leading whitespace (`Infinity` included); NaN
    /// when there is none. At most 64 bytes are read, which bounds the work on a hostile value; a q-value never
    /// needs more.
    static func parseFloat(_ text: Substring.UTF8View) -> Double {
        let bytes = Array(trimmingHTTPWhitespace(text).prefix(64))
        var end = 0
        func digits() -> Int {
            let start = end
            while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
            return end - start
        }
        var negative = false
        if end < bytes.count, bytes[end] == UInt8(ascii: "+") || bytes[end] == UInt8(ascii: "-") {
            negative = bytes[end] == UInt8(ascii: "-")
            end += 1
        }
        if bytes[end...].starts(with: "Infinity".utf8) { return negative ? -.infinity : .infinity }
        var mantissa = digits()
        if end < bytes.count, bytes[end] == UInt8(ascii: ".") {
            end += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return .nan }
        let mantissaEnd = end
        if end < bytes.count, bytes[end] == UInt8(ascii: "e") || bytes[end] == UInt8(ascii: "E") {
            end += 1
            if end < bytes.count, bytes[end] == UInt8(ascii: "+") || bytes[end] == UInt8(ascii: "-") { end += 1 }
            if digits() == 0 { end = mantissaEnd }
        }
        var literal = String(decoding: bytes[..<end], as: UTF8.self)
        // Swift's Double(String) wants a digit after the dot; "5." and "-.5" are numbers to JavaScript.
        if literal.contains(".") {
            literal = literal.replacingDotForms()
        }
        return Double(literal) ?? .nan
    }

    private static func isHTTPWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// `bytes` without leading and trailing spaces and tabs.
    private static func trimmingHTTPWhitespace(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        guard let first = bytes.firstIndex(where: { !isHTTPWhitespace($0) }),
            let last = bytes.lastIndex(where: { !isHTTPWhitespace($0) })
        else { return bytes[bytes.endIndex...] }
        return bytes[first...last]
    }
}

extension String {
    /// `5.` → `5.0`, `.5` → `0.5`, `-.5` → `-0.5`, `5.e3` → `5.0e3`.
    fileprivate func replacingDotForms() -> String {
        var out = ""
        var previous: Character?
        for (offset, c) in enumerated() {
            if c == ".", previous == nil || previous == "+" || previous == "-" { out.append("0") }
            out.append(c)
            if c == "." {
                let next = dropFirst(offset + 1).first
                if next == nil || next == "e" || next == "E" { out.append("0") }
            }
            previous = c
        }
        return out
    }
}
