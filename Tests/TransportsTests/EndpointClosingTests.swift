import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
import WSFraming

@testable import Transports

@Suite struct EndpointClosingTests {
    @Test func pollingCloseGivesUpWhenNoGetComes() async throws {
        let h = EndpointHarness { $0.pollingCloseTimeout = .milliseconds(50); $0.pingInterval = .seconds(10) }
        let sid = try await h.handshake()
        try #require(h.endpoint.session(id: sid)).close()
        await h.loop.advanceTime(by: .milliseconds(49))
        #expect(h.endpoint.clientsCount == 1)
        await h.loop.advanceTime(by: .milliseconds(1))
        #expect(h.endpoint.clientsCount == 0)
        #expect(h.handler.events == ["open", "closed forced close"])
    }

    @Test func serverCloseOfWebSocketSession() async throws {
        let h = EndpointHarness()
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        try #require(h.handler.sessions.first).close()
        await h.loop.run()
        #expect(ws.closedCode == .normalClosure)
        #expect(h.handler.events == ["open", "closed forced close"])
    }

    @Test func closeDuringUpgradeClosesProbe() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let poll = h.start(.GET, "EIO=4&transport=polling&sid=\(sid)")
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket&sid=\(sid)").transport)
        ws.receive(text: "2probe")
        await h.loop.run()
        #expect(try await h.response(poll).text == "6")
        await h.loop.advanceTime(by: .milliseconds(500))
        #expect(h.handler.events.last == "closed ping timeout")
        #expect(ws.closedCode != nil)
    }

    @Test func volatileMessagesNeedAPendingPoll() async throws {
        let h = EndpointHarness()
        h.handler.echo = false
        let sid = try await h.handshake()
        let session = try #require(h.endpoint.session(id: sid))
        #expect(try await h.loop.executeInContext { session.send(.text("lost"), volatile: true) } == .droppedVolatile)
        let poll = h.start(.GET, "EIO=4&transport=polling&sid=\(sid)")
        await h.loop.run()
        #expect(try await h.loop.executeInContext { session.canWriteNow })
        #expect(try await h.loop.executeInContext { session.send(.text("kept"), volatile: true) } == .written)
        #expect(try await h.response(poll).text == "4kept")
    }

    @Test func initialPacketOverWebSocket() async throws {
        let h = EndpointHarness { $0.initialPacket = .binary(ByteBuffer(bytes: [7])) }
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        #expect(ws.written.count == 2)
        #expect(ws.written.last == .binary([7]))
    }

    @Test func headersHookReachesTheUpgradeResponse() async throws {
        let h = EndpointHarness { options in
            options.initialHeaders = { headers, _ in headers.add(name: "X-Initial", value: "1") }
            options.headers = { headers, _ in headers.add(name: "X-Every", value: "1") }
        }
        let first = try await h.upgrade("EIO=4&transport=websocket")
        #expect(first.headers?.first(name: "x-initial") == "1")
        #expect(first.headers?.first(name: "x-every") == "1")
        let sid = try await h.handshake()
        let probe = try await h.upgrade("EIO=4&transport=websocket&sid=\(sid)")
        #expect(probe.headers?.first(name: "x-initial") == nil)
        #expect(probe.headers?.first(name: "x-every") == "1")
    }
}
