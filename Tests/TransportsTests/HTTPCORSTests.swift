import NIOHTTP1
import Testing

@testable import Transports

/// Header sets below were checked against the npm `cors` package (the reference mounts it) where our semantics
/// agree: reflected origin with `Vary: Origin`, credentials, the preflight's fields in the same order.
@Suite struct HTTPCORSTests {
    func head(
        _ method: HTTPMethod = .GET, origin: String? = nil, host: String? = "example.com", extra: [(String, String)] = [],
        secure: Bool = false
    ) -> EngineRequestHead {
        var headers = HTTPHeaders()
        if let host { headers.add(name: "Host", value: host) }
        if let origin { headers.add(name: "Origin", value: origin) }
        for (name, value) in extra { headers.add(name: name, value: value) }
        return EngineRequestHead(method: method, uri: "/socket.io/?EIO=4&transport=polling", headers: headers,
            isSecure: secure)
    }

    func pairs(_ headers: HTTPHeaders) -> [String] { headers.map { "\($0.name): \($0.value)" } }

    func allowedHeaders(_ decision: CORSPolicy.Decision) -> [String]? {
        if case .allowed(let headers) = decision { return pairs(headers) }
        return nil
    }

    func deniedOrigin(_ decision: CORSPolicy.Decision) -> String? {
        if case .denied(let origin) = decision { return origin }
        return nil
    }

    // MARK: sameOrigin (default)

    @Test func defaultAcceptsNoOriginAndSameOriginWithoutHeaders() {
        let policy = CORSPolicy(EngineCORS())
        #expect(allowedHeaders(policy.check(head())) == [])
        #expect(allowedHeaders(policy.check(head(origin: "http://example.com"))) == [])
        #expect(allowedHeaders(policy.check(head(origin: "https://EXAMPLE.com", host: "example.COM"))) == [])
        #expect(allowedHeaders(policy.check(head(origin: "http://example.com:8080", host: "example.com:8080"))) == [])
        #expect(allowedHeaders(policy.check(head(origin: "http://[::1]:3000", host: "[::1]:3000"))) == [])
    }

    @Test func defaultPortsAreNormalised() {
        let policy = CORSPolicy(EngineCORS())
        for (origin, host) in [
            ("http://example.com:80", "example.com"), ("https://example.com:443", "example.com"),
            ("https://example.com", "example.com:443"), ("http://example.com", "example.com:80"),
            ("https://example.com", "example.com"),  // TLS terminated in front of the server
            ("wss://example.com", "example.com"),
        ] {
            #expect(allowedHeaders(policy.check(head(origin: origin, host: host))) == [], "\(origin) vs \(host)")
        }
    }

    @Test func defaultRefusesCrossOrigin() {
        let policy = CORSPolicy(EngineCORS())
        let refused: [(String, String?)] = [
            ("https://evil.com", "example.com"),
            ("http://example.com:8080", "example.com"),
            ("http://example.com", "example.com:8080"),
            ("http://example.com.evil.com", "example.com"),
            ("http://sub.example.com", "example.com"),
            ("null", "example.com"),
            ("http://example.com", nil),
            ("http://example.com/path", "example.com"),
            ("http://user@example.com", "example.com"),
            ("file://", "example.com"),
            ("http://example.com:99999", "example.com:99999"),
            ("http://example.com:+80", "example.com"),
            ("http://[::1", "[::1"),
            ("https://example.com\r\nX: y", "example.com"),
        ]
        for (origin, host) in refused {
            #expect(deniedOrigin(policy.check(head(origin: origin, host: host))) == origin, "\(origin)")
        }
    }

    // MARK: any

    @Test func anyReflectsTheOrigin() {
        let policy = CORSPolicy(EngineCORS(origins: .any))
        #expect(allowedHeaders(policy.check(head(origin: "https://a.com")))
            == ["Access-Control-Allow-Origin: https://a.com", "Vary: Origin"])
        #expect(allowedHeaders(policy.check(head())) == ["Access-Control-Allow-Origin: *", "Vary: Origin"])
    }

    @Test func anyWithCredentialsNeverSendsAStar() {
        let policy = CORSPolicy(EngineCORS(origins: .any, credentials: true))
        #expect(allowedHeaders(policy.check(head(origin: "https://a.com")))
            == ["Access-Control-Allow-Origin: https://a.com", "Vary: Origin", "Access-Control-Allow-Credentials: true"])
        #expect(allowedHeaders(policy.check(head())) == ["Vary: Origin", "Access-Control-Allow-Credentials: true"])
    }

    @Test func anyPreflightEchoesRequestedHeaders() {
        var config = EngineCORS(origins: .any, credentials: true)
        config.exposedHeaders = ["X-E"]
        let (status, headers) = CORSPolicy(config).preflight(
            head(.OPTIONS, origin: "https://a.com", extra: [("Access-Control-Request-Headers", "x-a, x-b")]))
        #expect(status == .noContent)
        #expect(pairs(headers) == [
            "Access-Control-Allow-Origin: https://a.com",
            "Vary: Origin, Access-Control-Request-Headers",
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Methods: GET,POST",
            "Access-Control-Allow-Headers: x-a, x-b",
            "Access-Control-Expose-Headers: X-E",
        ])
    }

    @Test func preflightNeverEchoesInvalidHeaderText() {
        let (_, headers) = CORSPolicy(EngineCORS(origins: .any)).preflight(
            head(.OPTIONS, origin: "https://a.com", extra: [("Access-Control-Request-Headers", "x\u{7F}")]))
        #expect(headers["Access-Control-Allow-Headers"].isEmpty)
    }

    // MARK: list and predicate

    @Test func listAddsExactOriginsToSameOrigin() {
        var config = EngineCORS(origins: .list(["https://app.example.org"]))
        config.exposedHeaders = ["X-A", "X-B"]
        let policy = CORSPolicy(config)
        #expect(allowedHeaders(policy.check(head(origin: "https://app.example.org"))) == [
            "Access-Control-Allow-Origin: https://app.example.org", "Vary: Origin",
            "Access-Control-Expose-Headers: X-A,X-B",
        ])
        #expect(allowedHeaders(policy.check(head(origin: "https://example.com"))) == [])
        #expect(allowedHeaders(policy.check(head())) == [])
        #expect(deniedOrigin(policy.check(head(origin: "https://APP.example.org"))) == "https://APP.example.org")
        #expect(deniedOrigin(policy.check(head(origin: "https://app.example.org.evil"))) != nil)
    }

    @Test func predicateDecidesCrossOrigin() {
        let policy = CORSPolicy(EngineCORS(origins: .predicate { $0.hasSuffix(".trusted.test") }))
        #expect(allowedHeaders(policy.check(head(origin: "https://a.trusted.test")))
            == ["Access-Control-Allow-Origin: https://a.trusted.test", "Vary: Origin"])
        #expect(deniedOrigin(policy.check(head(origin: "https://trusted.test.evil"))) != nil)
        #expect(allowedHeaders(policy.check(head(origin: "http://example.com"))) == [])
    }

    @Test func listPreflightUsesConfiguredFields() {
        var config = EngineCORS(origins: .list(["https://a.com"]))
        config.allowedHeaders = ["X-A", "X-B"]
        config.maxAge = 600
        config.exposedHeaders = ["X-E"]
        let policy = CORSPolicy(config)
        let (status, headers) = policy.preflight(
            head(.OPTIONS, origin: "https://a.com", extra: [("Access-Control-Request-Headers", "x-ignored")]))
        #expect(status == .noContent)
        #expect(pairs(headers) == [
            "Access-Control-Allow-Origin: https://a.com", "Vary: Origin", "Access-Control-Allow-Methods: GET,POST",
            "Access-Control-Allow-Headers: X-A,X-B", "Access-Control-Max-Age: 600", "Access-Control-Expose-Headers: X-E",
        ])
        let denied = policy.preflight(head(.OPTIONS, origin: "https://b.com"))
        #expect(denied.status == .forbidden)
        #expect(denied.headers.isEmpty)
        let sameOrigin = policy.preflight(head(.OPTIONS, origin: "http://example.com"))
        #expect(sameOrigin.status == .noContent)
        #expect(sameOrigin.headers.isEmpty)
    }

    @Test func firstOriginHeaderCounts() {
        let policy = CORSPolicy(EngineCORS())
        let request = head(origin: "http://example.com", extra: [("Origin", "https://evil.com")])
        #expect(allowedHeaders(policy.check(request)) == [])
    }
}
