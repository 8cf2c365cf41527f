import EngineParser
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
import WSFraming

@testable import Transports

@Suite struct EndpointWebSocketTests {
    @Test func webSocketHandshakeEchoesTextAndBinary() async throws {
        let h = EndpointHarness()
        let upgrade = try await h.upgrade("EIO=4&transport=websocket")
        let ws = try #require(upgrade.transport)
        let sid = try #require(h.handler.sessions.first?.id)
        #expect(ws.written == [.text(
            #"0{"sid":"\#(sid)","upgrades":[],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000}"#)])
        ws.receive(text: "4hello")
        ws.receive(binary: [1, 2, 3, 4])
        await h.loop.run()
        #expect(ws.written.dropFirst() == [.text("4hello"), .binary([1, 2, 3, 4])])
        #expect(h.endpoint.session(id: sid)?.transport == .websocket)
    }

    @Test func webSocketWithoutPreEncodingWritesPayloads() async throws {
        let loop = NIOAsyncTestingEventLoop()
        let ws = FakeTransport(loop: loop, preEncoded: false)
        let h = EndpointHarness()
        let session = EngineSession(
            id: "s", protocolVersion: .v4, request: EngineRequestHead(method: .GET, uri: "/", headers: [:]),
            eventLoop: loop, endpoint: h.endpoint, transport: .websocket, supportsBinary: true)
        try await loop.executeInContext {
            session.startWebSocket(ws)
            session.send(.text("a"))
            session.send(.binary(ByteBuffer(bytes: [9])))
        }
        #expect(ws.written.dropFirst() == [.text("4a"), .binary([9])])
    }

    @Test func refusedWebSocketHandshakes() async throws {
        let h = EndpointHarness()
        for query in ["transport=websocket", "EIO=abc&transport=websocket", "EIO=4", "EIO=4&transport=abc",
                      "EIO=4&transport=websocket&sid=unknown"] {
            let upgrade = try await h.upgrade(query)
            #expect(upgrade.rejected?.0 == .badRequest, "\(query)")
            #expect(upgrade.transport == nil)
        }
        #expect(h.errors.codes == [5, 5, 0, 0, 1])
    }

    @Test func invalidPacketClosesWebSocket() async throws {
        let h = EndpointHarness()
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        ws.receive(text: "abc")
        await h.loop.run()
        #expect(ws.closedCode == .normalClosure)
        #expect(h.handler.events.last == "closed parse error")
    }

    @Test func heartbeatOverWebSocketAndTimeout() async throws {
        let h = EndpointHarness()
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        for i in 1...3 {
            await h.loop.advanceTime(by: .milliseconds(300))
            #expect(ws.written.count == 1 + i)
            #expect(ws.written.last == .text("2"))
            ws.receive(text: "3")
            await h.loop.run()
        }
        await h.loop.advanceTime(by: .milliseconds(500))
        #expect(ws.closedCode != nil)
        #expect(h.handler.events.last == "closed ping timeout")
    }

    @Test func clientCloseOverWebSocket() async throws {
        let h = EndpointHarness()
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        ws.receive(text: "1")
        await h.loop.run()
        #expect(ws.closedCode == .normalClosure)
        #expect(h.handler.events.last == "closed transport close")
        ws.end()
        await h.loop.run()
        #expect(h.handler.events.filter { $0.hasPrefix("closed") }.count == 1)
    }

    @Test func connectionEndCloses() async throws {
        struct Broken: Error {}
        let h = EndpointHarness()
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        ws.end(error: Broken())
        await h.loop.run()
        #expect(h.handler.events.last == "closed transport error")
        #expect(h.endpoint.clientsCount == 0)
    }

    @Test func upgradeFromPolling() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket&sid=\(sid)").transport)
        ws.receive(text: "2probe")
        await h.loop.run()
        #expect(ws.written == [.text("3probe")])
        let poll = h.start(.GET, "EIO=4&transport=polling&sid=\(sid)")
        await h.loop.advanceTime(by: .milliseconds(100))
        #expect(try await h.response(poll).text == "6")
        ws.receive(text: "5")
        ws.receive(text: "4hello")
        await h.loop.run()
        #expect(ws.written == [.text("3probe"), .text("4hello")])
        #expect(h.handler.events == ["open", "upgraded", "text hello"])
        // Polling with the sid is now a transport mismatch; a second WebSocket is closed.
        let late = try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)")
        #expect(late.status == .badRequest)
        #expect(late.text == #"{"code":3,"message":"Bad request"}"#)
        let second = try #require(try await h.upgrade("EIO=4&transport=websocket&sid=\(sid)").transport)
        await h.loop.run()
        #expect(second.closedCode != nil)
        ws.receive(text: "4again")
        await h.loop.run()
        #expect(ws.written.last == .text("4again"))
    }

    @Test func queuedPacketsFlushOverWebSocketAfterUpgrade() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let session = try #require(h.endpoint.session(id: sid))
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket&sid=\(sid)").transport)
        ws.receive(text: "2probe")
        try await h.loop.executeInContext { _ = session.send(.text("waiting")) }
        ws.receive(text: "5")
        await h.loop.run()
        #expect(ws.written == [.text("3probe"), .text("4waiting")])
        #expect(h.handler.events.contains("drained"))
    }

    @Test func upgradeTimeoutAbandonsProbe() async throws {
        let h = EndpointHarness { $0.upgradeTimeout = .milliseconds(250) }
        let sid = try await h.handshake()
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket&sid=\(sid)").transport)
        await h.loop.advanceTime(by: .milliseconds(249))
        #expect(ws.closedCode == nil)
        await h.loop.advanceTime(by: .milliseconds(1))
        #expect(ws.closedCode != nil)
        #expect(h.endpoint.session(id: sid)?.transport == .polling)
        #expect(try await h.send(.POST, "EIO=4&transport=polling&sid=\(sid)", body: "4x").status == .ok)
    }

    @Test func slowConsumerQueuesUntilWritableThenDrains() async throws {
        let h = EndpointHarness()
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        let session = try #require(h.handler.sessions.first)
        ws.setWritable(false)
        await h.loop.run()
        let results = try await h.loop.executeInContext {
            [session.send(.text("a")), session.send(.text("b")), session.send(.text("v"), volatile: true)]
        }
        #expect(results == [.queued, .queued, .droppedVolatile])
        #expect(ws.written.count == 1)
        ws.setWritable(true)
        await h.loop.run()
        #expect(ws.written.dropFirst() == [.text("4a"), .text("4b")])
        #expect(h.handler.events.last == "drained")
    }

    @Test func queueOverflowClosesSession() async throws {
        let h = EndpointHarness { $0.sendQueue = EngineSendQueueLimits(maxBytes: 4, maxPackets: 10, policy: .closeSession) }
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        let session = try #require(h.handler.sessions.first)
        ws.setWritable(false)
        await h.loop.run()
        let results = try await h.loop.executeInContext { [session.send(.text("abc")), session.send(.text("de"))] }
        #expect(results == [.queued, .queueFull])
        #expect(h.handler.events.last == "closed send queue overflow")
        #expect(ws.closedCode != nil)
    }

    @Test func shutdownClosesEverySessionAndRefusesNewOnes() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let poll = h.start(.GET, "EIO=4&transport=polling&sid=\(sid)")
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        #expect(h.endpoint.clientsCount == 2)
        await h.endpoint.shutdown(reason: .serverShuttingDown)
        #expect(h.endpoint.clientsCount == 0)
        #expect(try await h.response(poll).text == "1")
        #expect(ws.closedCode == .goingAway)
        #expect(h.handler.events.filter { $0 == "closed server shutting down" }.count == 2)
        let late = try await h.send(.GET, "EIO=4&transport=polling")
        #expect(late.status == .serviceUnavailable)
    }

    @Test func v3PollingAndHeartbeat() async throws {
        let h = EndpointHarness { $0.allowEIO3 = true }
        let response = try await h.send(.GET, "EIO=3&transport=polling")
        let colon = try #require(response.text.firstIndex(of: ":"))
        #expect(Int(response.text[..<colon]) == response.text.count - response.text.distance(
            from: response.text.startIndex, to: colon) - 1)
        let sid = try #require(h.handler.sessions.first?.id)
        #expect(try await h.send(.POST, "EIO=3&transport=polling&sid=\(sid)", body: "6:4hello10:b4AQIDBA==").text == "ok")
        let binary = try await h.send(.GET, "EIO=3&transport=polling&sid=\(sid)")
        #expect(binary.headers.first(name: "content-type") == "application/octet-stream")
        #expect(binary.body == [0, 6, 255, 52, 104, 101, 108, 108, 111, 1, 5, 255, 4, 1, 2, 3, 4])
        #expect(try await h.send(.POST, "EIO=3&transport=polling&sid=\(sid)", body: "1:2").text == "ok")
        #expect(try await h.send(.GET, "EIO=3&transport=polling&sid=\(sid)").text == "1:3")
        await h.loop.advanceTime(by: .milliseconds(500))
        #expect(h.handler.events.last == "closed ping timeout")
    }

    @Test func v3Base64Polling() async throws {
        let h = EndpointHarness { $0.allowEIO3 = true }
        let sid = try await h.handshake(3, extra: "&b64=1")
        _ = try await h.send(.POST, "EIO=3&transport=polling&sid=\(sid)", body: "6:4hello10:b4AQIDBA==")
        #expect(try await h.send(.GET, "EIO=3&transport=polling&sid=\(sid)").text == "6:4hello10:b4AQIDBA==")
    }

    @Test func v3WebSocketBinaryCarriesTypeByte() async throws {
        let h = EndpointHarness { $0.allowEIO3 = true }
        let ws = try #require(try await h.upgrade("EIO=3&transport=websocket").transport)
        ws.receive(binary: [4, 1, 2, 3, 4])
        await h.loop.run()
        #expect(ws.written.last == .binary([4, 1, 2, 3, 4]))
        ws.receive(text: "2")
        await h.loop.run()
        #expect(ws.written.last == .text("3"))
    }
}
