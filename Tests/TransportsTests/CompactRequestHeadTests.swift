import NIOCore
import NIOHTTP1
import Testing

@testable import Transports

@Suite struct CompactRequestHeadTests {
    @Test func keepsEveryFieldInOrder() throws {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "example.com:3000")
        headers.add(name: "Cookie", value: "a=1")
        headers.add(name: "cookie", value: "b=2")
        headers.add(name: "X-Empty", value: "")
        headers.add(name: "User-Agent", value: "Mozilla/5.0 (X11; Linux x86_64) ünïcödé ✓ " + String(repeating: "x", count: 300))
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: 4321)
        let head = EngineRequestHead(
            method: .GET, uri: "/socket.io/?EIO=4&transport=websocket&q=%E2%9C%93", headers: headers,
            remoteAddress: address, isSecure: true
        )
        let back = CompactRequestHead(head).head
        #expect(back.method == .GET)
        #expect(back.uri == head.uri)
        #expect(back.remoteAddress == address)
        #expect(back.isSecure)
        #expect(back.headers.map { "\($0.name)=\($0.value)" } == headers.map { "\($0.name)=\($0.value)" })
        #expect(back.headers[canonicalForm: "cookie"] == ["a=1", "b=2"])
    }

    @Test func emptyHeadRoundTrips() {
        let head = EngineRequestHead(method: .RAW(value: "PROPFIND"), uri: "", headers: [:])
        let back = CompactRequestHead(head).head
        #expect(back.method == .RAW(value: "PROPFIND"))
        #expect(back.uri == "")
        #expect(back.headers.count == 0)
        #expect(back.remoteAddress == nil)
        #expect(!back.isSecure)
    }

    @Test func commonNamesAndValuesAreTokensAndRoundTrip() throws {
        var headers = HTTPHeaders()
        headers.add(name: "Sec-WebSocket-Version", value: "13")
        headers.add(name: "Sec-WebSocket-Key", value: "dGhlIHNhbXBsZSBub25jZQ==")
        headers.add(name: "Connection", value: "Upgrade")
        headers.add(name: "upgrade", value: "websocket")
        headers.add(name: "CONNECTION", value: "UPGRADE")
        headers.add(name: "Host", value: "127.0.0.1:3000")
        headers.add(name: "X-Long", value: String(repeating: "v", count: 70))
        headers.add(name: "Sec-WebSocket-Extensions", value: "permessage-deflate; client_max_window_bits")
        let head = EngineRequestHead(method: .GET, uri: "/engine.io/?EIO=4&transport=websocket", headers: headers)
        let compact = CompactRequestHead(head)
        let back = compact.head
        #expect(back.method == .GET)
        #expect(back.uri == head.uri)
        #expect(back.headers.map { "\($0.name)=\($0.value)" } == headers.map { "\($0.name)=\($0.value)" })
        // Literal storage would take a length byte per field plus every byte of text.
        var literal = 2 + "GET".utf8.count + 1 + head.uri.utf8.count
        for (name, value) in headers { literal += 2 + name.utf8.count + value.utf8.count }
        literal += 1  // the 70-byte value's length takes two bytes
        let tokenised = "GET".utf8.count + "Sec-WebSocket-Version13Sec-WebSocket-KeyConnectionUpgradeupgradewebsocketHost"
            .utf8.count + "Sec-WebSocket-Extensionspermessage-deflate; client_max_window_bits".utf8.count
        #expect(compact.storedByteCount == literal - tokenised)
    }

    @Test func tokensStayOneByte() {
        #expect(CompactHeadTokens.texts.count <= 64)
        #expect(Set(CompactHeadTokens.texts).count == CompactHeadTokens.texts.count)
    }
}
