@_spi(Fuzzing) import Transports

// Shared with the fuzz target: Fuzz/Sources/FuzzHTTPFields/HTTPFieldsFuzzCheck.swift is a link to this file, so the
// fuzzer and the replay test of Fuzz/FailCases/FuzzHTTPFields run the same checks. Failures go to `report`: the
// fuzzer stops the process, the replay test records an issue.

/// The FuzzHTTPFields check: one input goes through every HTTP field parser of `Transports`.
///
/// The chunks joined are a request target (query round trip, path), a header value and a cookie value; each chunk is
/// also one `Accept-Encoding` line. With one chunk, the whole text is also the `Origin` and its authority the `Host`,
/// so same-origin requests are common. With more chunks, the first is the `Origin` (none when empty), the second the
/// `Host`, the third on `Access-Control-Request-Headers` lines, and a second cookie takes the first chunk as value and
/// the second to fourth as name, path and domain. Every check is linear in the input, so a slow input is the
/// parsers' fault.
struct HTTPFieldsFuzzCheck {
    /// Called with `false` and a description when a check fails.
    let report: (Bool, String) -> Void

    /// Reports a failure; the message is built only then.
    func expect(_ ok: Bool, _ message: @autoclosure () -> String) {
        if !ok { report(false, message()) }
    }

    /// Runs every check on already-split chunks.
    func run(_ chunks: [ArraySlice<UInt8>]) {
        let payload = Array(chunks.joined())
        let text = String(decoding: payload, as: UTF8.self)
        let fields = chunks.map { String(decoding: $0, as: UTF8.self) }
        checkQuery(text)
        checkAcceptEncoding(fields)
        checkHeaderValue(text, fields)
        checkCookie(text, fields)
        checkOrigin(text, fields)
    }

    // MARK: Query

    /// The query's pairs re-encoded with `encodeURIComponent` parse back to the same pairs, scalar for scalar; the
    /// dictionary is the list with the last value winning.
    func checkQuery(_ uri: String) {
        let pairs = HTTPFieldProbes.queryPairs(uri)
        let query = EngineQuery.parse(uri)
        var lastWins: [String: String] = [:]
        for (name, value) in pairs { lastWins[name] = value }
        expect(query == lastWins, "parse is not the pair list with the last value winning")
        let ampersands = uri.utf8.lazy.filter { $0 == UInt8(ascii: "&") }.count
        expect(pairs.count <= ampersands + 1, "more pairs than `&`-separated parts")
        if !uri.utf8.contains(UInt8(ascii: "?")) { expect(pairs.isEmpty, "pairs without a `?`") }
        let pathLength = uri.utf8.firstIndex(of: UInt8(ascii: "?")).map {
            uri.utf8.distance(from: uri.startIndex, to: $0)
        }
        expect(
            HTTPFieldProbes.requestPath(uri).utf8.elementsEqual(uri.utf8.prefix(pathLength ?? uri.utf8.count)),
            "path is not the part before the first `?`")

        let encode = HTTPFieldProbes.encodeURIComponent
        let rebuilt =
            "/engine.io/?" + pairs.map { encode($0.name) + "=" + encode($0.value) }.joined(separator: "&")
            + "#" + uri
        let again = HTTPFieldProbes.queryPairs(rebuilt)
        expect(
            again.count == pairs.count
                && zip(again, pairs).allSatisfy { sameScalars($0.name, $1.name) && sameScalars($0.value, $1.value) },
            "re-encoded query parses differently: \(rebuilt)")
        expect(EngineQuery.parse(rebuilt) == query, "re-encoded query gives another dictionary")
    }

    // MARK: Accept-Encoding

    /// Negotiation is deterministic, reads repeated lines as their comma-joined value, only ever picks gzip or
    /// deflate, and never picks a coding that every matching entry refuses with q=0.
    func checkAcceptEncoding(_ fields: [String]) {
        let chosen = HTTPFieldProbes.negotiateEncoding(fields)
        expect(chosen == nil || chosen == "gzip" || chosen == "deflate", "negotiated \(chosen ?? "")")
        expect(HTTPFieldProbes.negotiateEncoding(fields) == chosen, "negotiation is not deterministic")
        let joined = fields.joined(separator: ",")
        expect(HTTPFieldProbes.negotiateEncoding([joined]) == chosen, "repeated lines and their joined value differ")

        let entries = HTTPFieldProbes.acceptEntries(fields)
        let joinedEntries = HTTPFieldProbes.acceptEntries([joined])
        expect(
            entries.count == joinedEntries.count
                && zip(entries, joinedEntries).allSatisfy {
                    $0.token == $1.token && $0.position == $1.position && ($0.q == $1.q || ($0.q.isNaN && $1.q.isNaN))
                },
            "repeated lines and their joined value give other entries")
        expect(entries.count <= HTTPFieldProbes.maxAcceptEntries, "more entries than the limit")
        expect(zip(entries, entries.dropFirst()).allSatisfy { $0.position < $1.position }, "positions not increasing")
        for entry in entries {
            expect(
                !entry.token.isEmpty && !entry.token.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 }),
                "entry token empty or with a space: \(entry.token)")
            expect(entry.position < HTTPFieldProbes.maxAcceptEntries, "entry beyond the limit")
        }
        for coding in ["gzip", "deflate"] {
            let exact = entries.filter { $0.token == coding }
            let wildcard = entries.filter { $0.token == "*" }
            // An exact entry beats `*` whatever their q; the coding is acceptable only with some positive q there.
            let acceptable = exact.isEmpty ? wildcard.contains { $0.q > 0 } : exact.contains { $0.q > 0 }
            if !acceptable { expect(chosen != coding, "\(coding) chosen though refused or not listed: \(joined)") }
        }
    }

    // MARK: Header values

    /// The validator agrees with the reference's byte table, and a value is valid exactly when each piece is.
    func checkHeaderValue(_ text: String, _ fields: [String]) {
        let valid = HTTPFieldProbes.isValidHeaderValue(text)
        expect(valid == isHeaderValueOracle(text), "isValidValue disagrees with the byte table")
        expect(valid == fields.allSatisfy(HTTPFieldProbes.isValidHeaderValue), "validity is not per byte")
    }

    // MARK: Cookie

    /// A serialized cookie is a valid header value whose value, percent-decoded, is the value given; attributes
    /// appear exactly when valid.
    func checkCookie(_ text: String, _ fields: [String]) {
        let standard = HTTPFieldProbes.setCookie(EngineCookie(), value: text)
        expect(isHeaderValueOracle(standard), "Set-Cookie is not a valid header value")
        expect(
            standard.hasPrefix("io=") && standard.hasSuffix("; Path=/; HttpOnly; SameSite=Lax"), "layout: \(standard)")
        let encoded = standard.utf8.dropFirst(3).prefix { $0 != UInt8(ascii: ";") }
        expect(encoded.allSatisfy(isURIComponentByte), "cookie value holds a byte encodeURIComponent escapes")
        let decoded = HTTPFieldProbes.queryPairs("/?v=" + String(Substring(encoded))).first?.value ?? ""
        expect(sameScalars(decoded, text), "cookie value does not decode back")

        guard fields.count > 1 else { return }
        var cookie = EngineCookie()
        cookie.name = fields[1]
        cookie.path = fields.count > 2 ? fields[2] : nil
        cookie.domain = fields.count > 3 ? fields[3] : nil
        cookie.maxAge = fields[0].utf8.count
        cookie.secure = fields.count % 2 == 0
        let line = HTTPFieldProbes.setCookie(cookie, value: fields[0])
        let nameIsToken = !cookie.name.isEmpty && cookie.name.utf8.allSatisfy(isTokenByte)
        guard nameIsToken else {
            expect(line.isEmpty, "cookie with an invalid name serialized: \(line)")
            return
        }
        expect(isHeaderValueOracle(line), "Set-Cookie with fuzzed attributes is not a valid header value")
        let attributes = line.split(separator: "; ", omittingEmptySubsequences: false)
        expect(
            attributes.first == Substring(cookie.name + "=" + HTTPFieldProbes.encodeURIComponent(fields[0])),
            "first attribute is not name=value")
        let path = cookie.path ?? ""
        let pathValid =
            !path.isEmpty && path.utf8.allSatisfy { (0x20...0x3A).contains($0) || (0x3D...0x7E).contains($0) }
        expect(
            attributes.dropFirst().contains(Substring("Path=" + path)) == pathValid,
            "Path present \(!pathValid): \(line)")
        let domain = cookie.domain ?? ""
        expect(
            attributes.dropFirst().contains(Substring("Domain=" + domain)) == isDomainOracle(domain), "Domain: \(line)")
        let expected = 2 + (pathValid ? 1 : 0) + (isDomainOracle(domain) ? 1 : 0) + 1 + (cookie.secure ? 1 : 0) + 1
        expect(attributes.count == expected, "attribute count \(attributes.count), expected \(expected): \(line)")
    }

    // MARK: Origin

    /// CORS decisions: check and preflight agree, every header written is a valid value, `.any` reflects a valid
    /// Origin, `.sameOrigin` accepts exactly the same-origin requests; same-origin ignores ASCII case and matches
    /// the plain origins built from a simple host.
    func checkOrigin(_ text: String, _ fields: [String]) {
        let origin: [String]
        let host: [String]
        var requestHeaders: [String] = []
        if fields.count > 1 {
            origin = fields[0].isEmpty ? [] : [fields[0]]
            host = [fields[1]]
            requestHeaders = Array(fields.dropFirst(2))
        } else {
            origin = [text]
            host = [authority(of: text)]
        }
        var configured = EngineCORS(origins: .any)
        configured.allowedHeaders = ["X-A", "X-B"]
        configured.exposedHeaders = ["X-C"]
        configured.maxAge = 600
        let configurations: [EngineCORS] = [
            EngineCORS(),
            EngineCORS(origins: .any),
            EngineCORS(origins: .any, credentials: true),
            EngineCORS(origins: .list(["https://example.com", text])),
            EngineCORS(origins: .predicate { $0.utf8.count % 2 == 0 }, credentials: true),
            configured,
        ]
        let first = origin.first
        let sameOrigin = first.map { HTTPFieldProbes.isSameOrigin($0, host: host.first) } ?? false
        for (index, configuration) in configurations.enumerated() {
            let checked = HTTPFieldProbes.corsCheck(
                configuration, origin: origin, host: host, requestHeaders: requestHeaders)
            let preflight = HTTPFieldProbes.corsPreflight(
                configuration, origin: origin, host: host, requestHeaders: requestHeaders)
            expect(preflight.status == 204 || preflight.status == 403, "preflight status \(preflight.status)")
            expect((checked == nil) == (preflight.status == 403), "check and preflight disagree (\(index))")
            for (name, value) in (checked ?? []) + preflight.headers {
                expect(isHeaderValueOracle(value), "\(name) is not a valid header value (\(index))")
            }
            // A cross-origin preflight echoes the requested headers exactly when none are configured and the
            // request's list can be written back.
            if preflight.headers.contains(where: { $0.name == "Vary" }) {
                let allowHeaders = preflight.headers.filter { $0.name == "Access-Control-Allow-Headers" }.map(\.value)
                let requested = requestHeaders.joined(separator: ", ")
                let echoed = !requested.isEmpty && isHeaderValueOracle(requested)
                let expected =
                    configuration.allowedHeaders.map { [$0.joined(separator: ",")] } ?? (echoed ? [requested] : [])
                expect(allowHeaders == expected, "Access-Control-Allow-Headers \(allowHeaders), expected \(expected)")
            }
            guard let first else {
                expect(checked != nil, "refused without an Origin (\(index))")
                continue
            }
            if !isHeaderValueOracle(first) { expect(checked == nil, "accepted an Origin that is not a header value") }
            switch index {
            case 0:
                expect((checked != nil) == (isHeaderValueOracle(first) && sameOrigin), "sameOrigin decision")
            case 1, 2:
                if isHeaderValueOracle(first) {
                    expect(
                        checked?.contains { $0.name == "Access-Control-Allow-Origin" && $0.value == first } == true,
                        "any does not reflect the Origin")
                }
            default:
                break
            }
        }

        guard let first else { return }
        expect(
            HTTPFieldProbes.isSameOrigin(swapASCIICase(first), host: host.first.map(swapASCIICase)) == sameOrigin,
            "same-origin depends on ASCII case")
        if sameOrigin {
            let bytes = Array(first.utf8)
            let schemeEnd = bytes.firstRange(of: Array("://".utf8))
            expect(schemeEnd != nil, "same-origin without a scheme")
            let authority = bytes[(schemeEnd?.upperBound ?? 0)...]
            expect(
                !authority.contains { "/?#@\\".utf8.contains($0) }, "same-origin with a path, query or user: \(first)")
        }
        // A simple host: every plain origin naming it compares as the rules say.
        let simple = host.first ?? ""
        if !simple.isEmpty,
            simple.utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
        {
            let cases: [(String, String, Bool)] = [
                ("http://" + simple, simple, true),
                ("https://" + simple + ":443", simple, true),
                ("wss://" + simple, simple + ":443", true),
                ("http://" + simple + ":8080", simple + ":8080", true),
                ("http://" + simple + ":8080", simple, false),
                ("http://" + simple + "/", simple, false),
                ("http://u@" + simple, simple, false),
                ("null", simple, false),
            ]
            for (o, h, expected) in cases {
                expect(HTTPFieldProbes.isSameOrigin(o, host: h) == expected, "isSameOrigin(\(o), \(h)) != \(expected)")
            }
        }
    }

    // MARK: Oracles

    /// The reference's header-character table: HTAB, 0x20–0x7E, 0x80–0xFF, byte by byte.
    func isHeaderValueOracle(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || (0x20...0x7E).contains($0) || $0 >= 0x80 }
    }

    func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// The bytes `encodeURIComponent` leaves as they are, plus `%` of its escapes.
    func isURIComponentByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "-_.!~*'()%".utf8.contains(byte)
    }

    /// RFC 7230 token characters.
    func isTokenByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }

    /// `cookie` 0.7's domain rule: an optional leading dot, then dot-separated labels of 1–63 letters, digits and
    /// inner hyphens.
    func isDomainOracle(_ domain: String) -> Bool {
        var bytes = Array(domain.utf8)
        if bytes.first == UInt8(ascii: ".") { bytes.removeFirst() }
        if bytes.isEmpty { return false }
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
            guard (1...63).contains(label.count), let first = label.first, let last = label.last else { return false }
            return isAlphanumeric(first) && isAlphanumeric(last)
                && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// The text between `://` and the next `/` (the whole text when there is no `://`).
    func authority(of text: String) -> String {
        let bytes = Array(text.utf8)
        var start = 0
        if let range = bytes.firstRange(of: Array("://".utf8)) { start = range.upperBound }
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.endIndex
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    func swapASCIICase(_ text: String) -> String {
        String(decoding: text.utf8.map { isAlphanumeric($0) && $0 >= 0x41 ? $0 ^ 0x20 : $0 }, as: UTF8.self)
    }

    /// String equality without Unicode canonical equivalence.
    func sameScalars(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.elementsEqual(b.unicodeScalars)
    }
}
