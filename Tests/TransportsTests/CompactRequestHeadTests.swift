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
}
