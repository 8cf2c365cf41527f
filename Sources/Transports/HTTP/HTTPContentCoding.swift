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
    static func acceptEntries(_ headers: HTTPHeaders) -> [AcceptEntry] {
        var entries: [AcceptEntry] = []
        var position = 0
        for field in headers["accept-encoding"] {
            // Scanned lazily, so an overlong header costs no more than its first `maxAcceptEntries` entries.
            var rest = Substring(field)
            while true {
                guard position < maxAcceptEntries else { return entries }
                let comma = rest.firstIndex(of: ",")
                if let entry = parseEntry(rest[..<(comma ?? rest.endIndex)], position: position) {
                    entries.append(entry)
                }
                position += 1
                guard let comma else { break }
                rest = rest[rest.index(after: comma)...]
            }
        }
        return entries
    }

    /// `token *( ";" param )`; only the first `q` parameter counts (negotiator's rule). Nil for an empty or
    /// space-containing token.
    static func parseEntry(_ item: Substring, position: Int) -> AcceptEntry? {
        var parts = item.split(separator: ";", omittingEmptySubsequences: false).makeIterator()
        guard let tokenPart = parts.next() else { return nil }
        let token = tokenPart.trimmingHTTPWhitespace()
        guard !token.isEmpty, !token.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        var q = 1.0
        while let parameter = parts.next() {
            let pair = parameter.trimmingHTTPWhitespace().split(separator: "=", omittingEmptySubsequences: false)
            guard pair.first == "q" else { continue }
            q = pair.count > 1 ? parseFloat(pair[1]) : .nan
            break
        }
        return AcceptEntry(token: Substring(token.lowercased()), q: q, position: position)
    }

    /// JavaScript's `parseFloat`: the longest numeric prefix after leading whitespace; NaN when there is none.
    static func parseFloat(_ text: Substring) -> Double {
        let bytes = Array(text.trimmingHTTPWhitespace().utf8.prefix(64))
        var end = 0
        func digits() -> Int {
            let start = end
            while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
            return end - start
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "+") || bytes[end] == UInt8(ascii: "-") { end += 1 }
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

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingHTTPWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let last = lastIndex(where: { !isSpace($0) }) ?? start
        return self[start...last]
    }
}
