import NIOHTTP1
import Testing

@testable import SocketIOApp

@Suite struct SessionCookieParsingTests {
    private func values(_ name: String, _ headers: [String]) -> [String] {
        CookieHeader.values(named: name, in: HTTPHeaders(headers.map { ("Cookie", $0) }))
    }

    @Test func findsTheCookieAmongOthers() {
        #expect(values("sio.sid", ["a=1; sio.sid=abc.def; b=2"]) == ["abc.def"])
        #expect(values("sio.sid", ["sio.sid=abc.def"]) == ["abc.def"])
        #expect(values("sio.sid", ["a=1;sio.sid=x;b=2"]) == ["x"])
    }

    @Test func trimsSpacesAndTabsAroundNamesAndValues() {
        #expect(values("sio.sid", ["a=1 ;  sio.sid = abc.def \t; b=2"]) == ["abc.def"])
        #expect(values("sio.sid", ["\tsio.sid=abc"]) == ["abc"])
    }

    @Test func removesSurroundingQuotes() {
        #expect(values("sio.sid", [#"sio.sid="abc.def""#]) == ["abc.def"])
        #expect(values("sio.sid", [#"sio.sid=""#]) == [#"""#])  // a lone quote is a value, not quotes
        #expect(values("sio.sid", [#"sio.sid="""#]) == [""])
    }

    @Test func decodesPercentEncodingAndKeepsMalformedAsSent() {
        #expect(values("sio.sid", ["sio.sid=abc%2Edef"]) == ["abc.def"])
        #expect(values("sio.sid", ["sio.sid=%E2%9C%93"]) == ["✓"])
        #expect(values("sio.sid", ["sio.sid=a+b"]) == ["a+b"])
        #expect(values("sio.sid", ["sio.sid=100%"]) == ["100%"])
        #expect(values("sio.sid", ["sio.sid=%zz"]) == ["%zz"])
        #expect(values("sio.sid", ["sio.sid=%FF"]) == ["%FF"])  // not UTF-8 once decoded
    }

    @Test func readsEveryCookieHeaderInOrder() {
        #expect(values("sio.sid", ["a=1", "sio.sid=first", "sio.sid=second; c=3"]) == ["first", "second"])
        #expect(
            CookieHeader.values(
                named: "sio.sid", in: HTTPHeaders([("cookie", "sio.sid=lower"), ("COOKIE", "sio.sid=upper")]))
                == ["lower", "upper"])
    }

    @Test func namesCompareExactly() {
        #expect(values("sio.sid", ["SIO.SID=x; sio.sidx=y; xsio.sid=z"]).isEmpty)
        #expect(values("sio.sid", ["sio.sid"]).isEmpty)  // no "="
        #expect(values("sio.sid", [";;; ; sio.sid=v;;"]) == ["v"])
        #expect(values("sio.sid", ["sio.sid=a=b"]) == ["a=b"])  // the value keeps later "="
        #expect(values("sio.sid", []).isEmpty)
    }

    @Test func boundsHowManyValuesAreTaken() {
        let header = (0..<100).map { "sio.sid=v\($0)" }.joined(separator: "; ")
        let found = values("sio.sid", [header])
        #expect(found.count == CookieHeader.maxValuesPerName)
        #expect(found.first == "v0")
    }
}

@Suite struct SessionCookieHeaderTests {
    @Test func defaultAttributes() {
        #expect(
            SessionCookie.header(signedID: "abc.def") == "sio.sid=abc.def; Path=/; HttpOnly; SameSite=Lax")
    }

    @Test func everyAttribute() {
        let header = SessionCookie.header(
            name: "sid", signedID: "abc.def", maxAge: 86_400, path: "/app", secure: true, httpOnly: false,
            sameSite: .none)
        #expect(header == "sid=abc.def; Path=/app; Max-Age=86400; Secure; SameSite=None")
        #expect(
            SessionCookie.header(signedID: "x", maxAge: -5) == "sio.sid=x; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
        #expect(SessionCookie.header(signedID: "x", sameSite: .strict).hasSuffix("; SameSite=Strict"))
    }

    @Test func encodesWhatACookieCannotCarry() {
        let header = SessionCookie.header(
            name: "s id;", signedID: "a;b c\"d%", path: "/x;Domain=evil\r\n", sameSite: .strict)
        #expect(header == "s%20id%3B=a%3Bb%20c%22d%25; Path=/xDomain=evil; HttpOnly; SameSite=Strict")
    }

    @Test func whatItSetsTheParserReadsBack() {
        for id in ["abc.def", "a;b c\"d%", "✓ ünï", "tobi.k_MBGA3LV_De-0YTROxcLuurjbOQXyaa2veNodQBZc4"] {
            let header = SessionCookie.header(signedID: id)
            // A browser sends back the name=value pair, the part before the first "; ".
            let pair = String(header.prefix { $0 != ";" })
            #expect(CookieHeader.values(named: "sio.sid", in: HTTPHeaders([("Cookie", "x=1; " + pair)])) == [id])
        }
    }
}
