import NIOCore
import NIOHTTP1
import SIODemoKit
import Testing
import Transports

@Suite struct DemoPagesTests {
    static let template: [String: String] = [
        "index.html": "<p data-app=\"{{DEMO_APP}}\">{{DEMO_KEY}} and {{DEMO_APP}} again</p>",
        "sio-lite.js": "// sio-lite",
        "md5.js": "// md5",
        "chat.js": "// chat",
    ]

    let pages = DemoPages(app: "demo", key: "k<&\"'>", file: { Self.template[$0].map { Array($0.utf8) } })

    func get(_ path: String, method: HTTPMethod = .GET) -> EngineHTTPResponse {
        pages.respond(to: EngineRequestHead(method: method, uri: path, headers: [:]))
    }

    func text(_ response: EngineHTTPResponse) -> String {
        response.body.map { String(buffer: $0) } ?? ""
    }

    @Test func thePageHasTheAppAndTheEscapedKey() {
        let response = get("/?x=1")
        #expect(response.status == .ok)
        #expect(response.headers["content-type"] == ["text/html; charset=utf-8"])
        #expect(response.headers["cache-control"] == ["no-store"])
        #expect(text(response) == "<p data-app=\"demo\">k&lt;&amp;&quot;&#39;&gt; and demo again</p>")
    }

    @Test(arguments: ["sio-lite.js", "md5.js", "chat.js"]) func scriptsAreJavaScript(name: String) {
        let response = get("/" + name)
        #expect(response.status == .ok)
        #expect(response.headers["content-type"] == ["application/javascript; charset=utf-8"])
        #expect(text(response) == Self.template[name])
    }

    @Test func healthz() {
        let response = get("/healthz")
        #expect(response.status == .ok)
        #expect(text(response) == "ok")
    }

    @Test(arguments: ["/index.html", "/chat", "/Public/chat.js", "/../Package.swift", "/healthz/", "//", ""])
    func anythingElseIsNotFound(path: String) {
        #expect(get(path).status == .notFound)
    }

    @Test func headIsGetAndOtherMethodsAreRefused() {
        let head = get("/", method: .HEAD)
        let full = get("/")
        #expect(head.status == .ok)
        #expect(head.headers == full.headers)
        // The host writes Content-Length from the body and drops it for HEAD (checked over a real port below).
        #expect(head.body?.readableBytes == full.body?.readableBytes)
        let post = get("/", method: .POST)
        #expect(post.status == .methodNotAllowed)
        #expect(post.headers["allow"] == ["GET, HEAD"])
    }

    @Test func theBundledPageHasNoPlaceholderLeft() throws {
        let pages = DemoPages(app: "demo-app-id", key: "demo-key-value")
        let response = pages.respond(to: EngineRequestHead(method: .GET, uri: "/", headers: [:]))
        #expect(response.status == .ok)
        let page = try #require(response.body.map { String(buffer: $0) })
        #expect(!page.contains("{{DEMO_"))
        if try #require(DemoAssets.file("index.html")).count > 0,
            String(decoding: DemoAssets.file("index.html") ?? [], as: UTF8.self).contains("{{DEMO_APP}}")
        {
            #expect(page.contains("demo-app-id"))
        }
    }

    @Test func servedOnARealPort() async throws {
        let server = try await DemoServer.start(port: 0, configuration: DemoLauncher.configuration(path: nil))
        do {
            let page = try await RawHTTP.request("GET", "/", port: server.port)
            #expect(page.status == 200)
            #expect(page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.headers["content-length"] == String(page.body.count))
            #expect(!page.body.isEmpty)
            let head = try await RawHTTP.request("HEAD", "/", port: server.port)
            #expect(head.status == 200)
            #expect(head.headers["content-length"] == String(page.body.count))
            #expect(head.body.isEmpty)
            let health = try await RawHTTP.request("GET", "/healthz", port: server.port)
            #expect(health.status == 200)
            #expect(health.text == "ok")
            #expect(try await RawHTTP.request("GET", "/nope", port: server.port).status == 404)
            let handshake = try await RawHTTP.request("GET", "/socket.io/?EIO=4&transport=polling", port: server.port)
            #expect(handshake.status == 200)
            // The configured id generator `demo` names engine sessions: "demo-" and 16 URL-safe characters.
            let sid = try #require(
                handshake.text.dropFirst(9).split(separator: "\"", maxSplits: 1).first.map(String.init))
            #expect(sid.hasPrefix("demo-"))
            #expect(sid.count == 21)
            #expect(sid.dropFirst(5).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }
}
