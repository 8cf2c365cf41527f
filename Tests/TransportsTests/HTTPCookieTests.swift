import Testing

@testable import Transports

/// Expected strings come from the npm `cookie` package's `serialize` (run under Node with the same options).
@Suite struct HTTPCookieTests {
    @Test func defaultsMatchTheReference() {
        #expect(EngineCookie().serialize(value: "lv_VI97HAXpY6yYWAAAC")
            == "io=lv_VI97HAXpY6yYWAAAC; Path=/; HttpOnly; SameSite=Lax")
    }

    @Test func attributesComeInTheReferenceOrder() {
        var cookie = EngineCookie()
        cookie.name = "sticky"
        cookie.maxAge = 86400
        #expect(cookie.serialize(value: "abc") == "sticky=abc; Max-Age=86400; Path=/; HttpOnly; SameSite=Lax")

        cookie = EngineCookie()
        cookie.domain = "example.com"
        cookie.secure = true
        cookie.sameSite = EngineCookie.SameSite.none
        #expect(cookie.serialize(value: "abc") == "io=abc; Domain=example.com; Path=/; HttpOnly; Secure; SameSite=None")

        cookie = EngineCookie()
        cookie.path = nil
        cookie.httpOnly = false
        cookie.sameSite = .strict
        #expect(cookie.serialize(value: "abc") == "io=abc; SameSite=Strict")

        cookie = EngineCookie()
        cookie.domain = ".sub.example.co.uk"
        cookie.maxAge = -1
        #expect(cookie.serialize(value: "x") == "io=x; Max-Age=-1; Domain=.sub.example.co.uk; Path=/; HttpOnly; SameSite=Lax")
    }

    @Test func valueIsEncodedLikeEncodeURIComponent() {
        var cookie = EngineCookie()
        cookie.path = "/app"
        cookie.sameSite = nil
        cookie.maxAge = 0
        #expect(cookie.serialize(value: "a b/é+%;,\"=?&")
            == "io=a%20b%2F%C3%A9%2B%25%3B%2C%22%3D%3F%26; Max-Age=0; Path=/app; HttpOnly")
        #expect(EngineCookie.encodeURIComponent("AZaz09-_.!~*'()") == "AZaz09-_.!~*'()")
        #expect(EngineCookie.encodeURIComponent("😀\u{0}") == "%F0%9F%98%80%00")
    }

    @Test func invalidNamesAreSkipped() {
        for name in ["", "a b", "a=b", "a;b", "é", "a\r\nSet-Cookie: x", "(io)", "a,b", "a\"b"] {
            var cookie = EngineCookie()
            cookie.name = name
            #expect(!cookie.hasValidName, "\(name)")
            #expect(cookie.serialize(value: "sid") == "")
            #expect(cookie.setCookieValue(for: "sid") == nil)
        }
        var cookie = EngineCookie()
        cookie.name = "io!#$%&'*+-.^_`|~9"
        #expect(cookie.hasValidName)
        #expect(cookie.setCookieValue(for: "s") == "io!#$%&'*+-.^_`|~9=s; Path=/; HttpOnly; SameSite=Lax")
    }

    @Test func invalidDomainOrPathAttributesAreLeftOut() {
        var cookie = EngineCookie()
        cookie.domain = "evil.com; HttpOnly=false"
        cookie.path = "/a;b"
        #expect(cookie.serialize(value: "s") == "io=s; HttpOnly; SameSite=Lax")
        cookie.domain = "-bad.com"
        cookie.path = "/\u{7F}"
        #expect(cookie.serialize(value: "s") == "io=s; HttpOnly; SameSite=Lax")
        for domain in ["a..b", "a.", String(repeating: "x", count: 64) + ".com", "a_b.com"] {
            #expect(!EngineCookie.isValidDomain(domain), "\(domain)")
        }
        for domain in ["localhost", "a-b.example.com", ".example.com", "127.0.0.1"] {
            #expect(EngineCookie.isValidDomain(domain), "\(domain)")
        }
        #expect(EngineCookie.isValidPath("/socket.io/ x=y"))
        // cookie 0.7's path rule skips both `;` and `<` (0x3B–0x3C).
        #expect(!EngineCookie.isValidPath("/a<b"))
        #expect(EngineCookie.isValidPath("/a>b=:"))
    }
}
