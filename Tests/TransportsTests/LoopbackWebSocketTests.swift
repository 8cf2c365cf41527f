import NIOCore
import Testing
import WSFraming

@testable import Transports

/// WebSocket sessions and the polling → WebSocket upgrade over loopback through the real server and endpoint.
@Suite struct LoopbackWebSocketTests {
    @Test func webSocketOnlySessionOpensAndEchoesTextAndBinary() async throws {
        try await withEngine { engine in
            let ws = try await engine.webSocket()
            let open = try LoopbackEngine.openPacket(try await ws.nextText())
            let sid = try #require(open["sid"] as? String)
            #expect(Set(open.keys) == ["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"])
            #expect(open["upgrades"] as? [String] == [])
            try await ws.send(text: "4héllo")
            #expect(try await ws.nextText() == "4héllo")
            // v4: binary frames carry the bytes alone, no type byte, both ways.
            let bytes: [UInt8] = [4, 0, 255, 1, 2]
            try await ws.send(binary: bytes)
            let echoed = try await ws.message()
            #expect(echoed.kind == .binary)
            #expect(Array(echoed.payload.readableBytesView) == bytes)
            #expect(engine.handler.received(sid) == [.text(ByteBuffer(string: "héllo")), .binary(ByteBuffer(bytes: bytes))])
            #expect(try await engine.transport(of: sid) == .websocket)
            await ws.raw.close()
            // A connection that ends without a close frame is a transport close, as the reference reports it.
            #expect(try await engine.handler.waitClosed(sid) == .transportClose)
        }
    }

    @Test func closePacketOverWebSocketEndsTheSessionAndTheConnection() async throws {
        try await withEngine { engine in
            let ws = try await engine.webSocket()
            let sid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
            try await ws.send(text: "1")
            #expect(try await engine.handler.waitClosed(sid) == .transportClose)
            #expect(try await ws.closeFrame().code == .normalClosure)
            try await ws.raw.waitClosed()
        }
    }

    @Test func closeFrameFromTheClientEndsTheSession() async throws {
        try await withEngine { engine in
            let ws = try await engine.webSocket()
            let sid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
            try await ws.close()
            #expect(try await engine.handler.waitClosed(sid) == .transportClose)
            try await ws.raw.waitClosed()
            #expect(engine.endpoint.clientsCount == 0)
        }
    }

    @Test func serverCloseSendsTheQueueThenACloseFrame() async throws {
        try await withEngine { engine in
            let ws = try await engine.webSocket()
            let sid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
            let session = try #require(engine.handler.session(sid))
            try await session.eventLoop.submit {
                session.send(.text("bye"))
                session.close()
            }.get()
            #expect(try await ws.nextText() == "4bye")
            #expect(try await ws.closeFrame().code == .normalClosure)
            #expect(try await engine.handler.waitClosed(sid) == .forcedClose)
        }
    }

    /// The whole upgrade as the reference client drives it.
    @Test func upgradeFromPollingToWebSocket() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let poll = try await engine.startGet(sid)
            try await engine.waitForPendingGet(sid)

            let ws = try await engine.webSocket(sid: sid)
            try await ws.send(text: "2probe")
            #expect(try await ws.nextText() == "3probe")
            // The pending GET is released with a noop so that the client can pause polling.
            let noop = try await poll.reply()
            #expect(noop.status == 200)
            #expect(noop.text == "6")
            await poll.close()

            // A message the server sends before the client's `5` waits in the queue...
            #expect(try await engine.post(sid, "4queued").text == "ok")
            #expect(try await engine.transport(of: sid) == .polling)
            try await ws.send(text: "5")
            // ...and goes out over the WebSocket once the upgrade is done.
            #expect(try await ws.nextText() == "4queued")
            try await eventually("the upgrade") { engine.handler.didUpgrade(sid) }
            #expect(try await engine.transport(of: sid) == .websocket)

            try await ws.send(text: "4over ws")
            #expect(try await ws.nextText() == "4over ws")
            try await ws.send(binary: [9, 8, 7])
            #expect(Array(try await ws.message().payload.readableBytesView) == [9, 8, 7])

            // Polling with the sid is refused now (TRANSPORT_MISMATCH)...
            let get = try await engine.get(sid)
            #expect(get.status == 400)
            #expect(get.text == #"{"code":3,"message":"Bad request"}"#)
            let post = try await engine.post(sid, "4late")
            #expect(post.status == 400)
            #expect(post.text == #"{"code":3,"message":"Bad request"}"#)

            // ...a second WebSocket with the sid is closed...
            let second = try await engine.webSocket(sid: sid)
            #expect(try await second.closeFrame().code == .normalClosure)
            try await second.raw.waitClosed()

            // ...and the session carries on over the first.
            try await ws.send(text: "4still")
            #expect(try await ws.nextText() == "4still")
            #expect(engine.handler.closeReason(sid) == nil)
            #expect(engine.handler.received(sid).count == 4)
            await ws.raw.close()
        }
    }

    @Test func probeWithoutPendingGetStillUpgrades() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let ws = try await engine.webSocket(sid: sid)
            try await ws.send(text: "2probe")
            #expect(try await ws.nextText() == "3probe")
            try await ws.send(text: "5")
            try await eventually("the upgrade") { engine.handler.didUpgrade(sid) }
            try await ws.send(text: "4hi")
            #expect(try await ws.nextText() == "4hi")
            await ws.raw.close()
        }
    }

    @Test func upgradeThatNeverFinishesIsAbandonedAndPollingGoesOn() async throws {
        let options = EngineServerOptions.loopback { $0.upgradeTimeout = .milliseconds(100) }
        try await withEngine(options) { engine in
            let sid = try await engine.handshake().sid
            let clock = ContinuousClock()
            let start = clock.now
            let ws = try await engine.webSocket(sid: sid)
            // The `3probe` may or may not come first, depending on whether `2probe` beats the timeout.
            try await ws.send(text: "2probe")
            // No `5`: the probe is closed once upgradeTimeout has passed, not before.
            _ = try await ws.closeFrame()
            #expect(clock.now - start >= .milliseconds(100))
            try await ws.raw.waitClosed()
            #expect(engine.handler.closeReason(sid) == nil)
            #expect(try await engine.post(sid, "4still polling").text == "ok")
            #expect(try await engine.get(sid).text == "4still polling")
            #expect(!engine.handler.didUpgrade(sid))
        }
    }

    @Test func webSocketToAnUnknownSidIsRefused() async throws {
        try await withEngine { engine in
            let raw = try await RawClient.connect(port: engine.port)
            try await raw.send(WSTestClient.request(path: engine.target(transport: "websocket", sid: "nope")))
            let reply = try await raw.reply()
            #expect(reply.status == 400)
            #expect(reply.text == "Session ID unknown")
            try await raw.waitClosed()
        }
    }

    @Test func upgradesOffClosesTheProbe() async throws {
        let options = EngineServerOptions.loopback { $0.allowUpgrades = false }
        try await withEngine(options) { engine in
            let (sid, open, _) = try await engine.handshake()
            #expect(open["upgrades"] as? [String] == [])
            let ws = try await engine.webSocket(sid: sid)
            #expect(try await ws.closeFrame().code == .normalClosure)
            try await ws.raw.waitClosed()
            #expect(try await engine.post(sid, "4poll").text == "ok")
            #expect(engine.handler.closeReason(sid) == nil)
        }
    }
}
