import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import Transports

/// Later requests of a session may arrive on other event loops than the one it lives on; everything hops.
@Suite struct EndpointCrossLoopTests {
    @Test func pollingAndUpgradeFromAnotherLoop() async throws {
        let h = EndpointHarness()
        let other = NIOAsyncTestingEventLoop()
        let sid = try await h.handshake()
        let session = try #require(h.endpoint.session(id: sid))
        #expect(session.eventLoop === h.loop)

        let post = FakeExchange(loop: other, body: "4hi")
        h.endpoint.handleRequest(
            EngineRequestHead(method: .POST, uri: "/engine.io/?EIO=4&transport=polling&sid=\(sid)", headers: [:]),
            exchange: post)
        let posted = try await eventually(h.loop) { post.response }
        #expect(posted.text == "ok")
        let get = FakeExchange(loop: other)
        h.endpoint.handleRequest(
            EngineRequestHead(method: .GET, uri: "/engine.io/?EIO=4&transport=polling&sid=\(sid)", headers: [:]),
            exchange: get)
        #expect(try await eventually(h.loop) { get.response }.text == "4hi")

        let upgrade = FakeUpgrade(loop: other)
        h.endpoint.handleUpgrade(
            EngineRequestHead(method: .GET, uri: "/engine.io/?EIO=4&transport=websocket&sid=\(sid)", headers: [:]),
            upgrade: upgrade)
        let ws = try await eventually(other) { upgrade.transport }
        await h.loop.run()
        ws.receive(text: "2probe")
        _ = try await eventually(h.loop) { ws.written == [.text("3probe")] ? true : nil }
        ws.receive(text: "5")
        ws.receive(text: "4after")
        _ = try await eventually(h.loop) { ws.written.last == .text("4after") ? true : nil }
        #expect(h.handler.events == ["open", "text hi", "drained", "upgraded", "text after"])
        ws.end()
        _ = try await eventually(h.loop) { h.endpoint.clientsCount == 0 ? true : nil }
        #expect(h.handler.events.last == "closed transport close")
    }
}
