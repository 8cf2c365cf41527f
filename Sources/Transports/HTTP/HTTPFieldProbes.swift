import NIOHTTP1

/// The HTTP field parsers behind plain-string entry points, for the `FuzzHTTPFields` fuzz target and its replay test.
///
/// The parsers are internal; the fuzz package is another package, so it reaches them through this SPI
/// (`@_spi(Fuzzing) import Transports`) rather than through `@testable`, which would need a testing build of the
/// whole dependency graph. Nothing here is meant for applications.
@_spi(Fuzzing)
public enum HTTPFieldProbes {
    /// `EngineQuery`'s decoded `(name, value)` list for `uri`, in order (the `URLSearchParams` list).
    public static func queryPairs(_ uri: String) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        EngineQuery.forEachPair(in: uri) { name, value in pairs.append((name, value)) }
        return pairs
    }

    /// `EngineRequestHead.path` of a GET for `uri`.
    public static func requestPath(_ uri: String) -> Substring {
        EngineRequestHead(method: .GET, uri: uri, headers: [:]).path
    }

    /// `encodeURIComponent`, as the cookie serializer writes values.
    public static func encodeURIComponent(_ text: String) -> String {
        EngineCookie.encodeURIComponent(text)
    }

    /// The coding `HTTPContentCoding.negotiate` picks when each of `fields` is one `Accept-Encoding` line:
    /// `"gzip"`, `"deflate"` or nil.
    public static func negotiateEncoding(_ fields: [String]) -> String? {
        HTTPContentCoding.negotiate(acceptEncoding(fields))?.token
    }

    /// The Accept-Encoding entries the negotiation reads from `fields`: lowercased token, q (NaN when unparsable)
    /// and position.
    public static func acceptEntries(_ fields: [String]) -> [(token: String, q: Double, position: Int)] {
        HTTPContentCoding.acceptEntries(acceptEncoding(fields)).map { (String($0.token), $0.q, $0.position) }
    }

    /// The most Accept-Encoding entries the negotiation reads.
    public static var maxAcceptEntries: Int { HTTPContentCoding.maxAcceptEntries }

    /// `HeaderValidation.isValidValue`.
    public static func isValidHeaderValue(_ value: String) -> Bool {
        HeaderValidation.isValidValue(value)
    }

    /// `cookie.serialize(value:)`; "" when the cookie's name is not a token.
    public static func setCookie(_ cookie: EngineCookie, value: String) -> String {
        cookie.serialize(value: value)
    }

    /// `CORSPolicy.isSameOrigin`.
    public static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        CORSPolicy.isSameOrigin(origin, host: host)
    }

    /// `CORSPolicy.check` for a GET with these `Origin`, `Host` and `Access-Control-Request-Headers` lines: nil when
    /// denied, else the headers to add.
    public static func corsCheck(
        _ configuration: EngineCORS, origin: [String], host: [String], requestHeaders: [String]
    ) -> [(name: String, value: String)]? {
        let head = requestHead(.GET, origin: origin, host: host, requestHeaders: requestHeaders)
        switch CORSPolicy(configuration).check(head) {
        case .allowed(let headers): return headers.map { ($0.name, $0.value) }
        case .denied: return nil
        }
    }

    /// `CORSPolicy.preflight` for an OPTIONS with these lines: the status code and the headers.
    public static func corsPreflight(
        _ configuration: EngineCORS, origin: [String], host: [String], requestHeaders: [String]
    ) -> (status: Int, headers: [(name: String, value: String)]) {
        let head = requestHead(.OPTIONS, origin: origin, host: host, requestHeaders: requestHeaders)
        let (status, headers) = CORSPolicy(configuration).preflight(head)
        return (Int(status.code), headers.map { ($0.name, $0.value) })
    }

    private static func acceptEncoding(_ fields: [String]) -> HTTPHeaders {
        HTTPHeaders(fields.map { ("Accept-Encoding", $0) })
    }

    private static func requestHead(
        _ method: HTTPMethod, origin: [String], host: [String], requestHeaders: [String]
    ) -> EngineRequestHead {
        var headers = HTTPHeaders()
        for value in origin { headers.add(name: "Origin", value: value) }
        for value in host { headers.add(name: "Host", value: value) }
        for value in requestHeaders { headers.add(name: "Access-Control-Request-Headers", value: value) }
        return EngineRequestHead(method: method, uri: "/engine.io/?EIO=4&transport=polling", headers: headers)
    }
}
