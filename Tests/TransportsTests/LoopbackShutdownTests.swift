import NIOCore
import Synchronization
import Testing
import WSFraming

@testable import Transports

/// Graceful shutdown of `EngineServer` with live sessions on both transports.
@Suite struct LoopbackShutdownTests {
    @Test func shutdownClosesPollingAndWebSocketSessionsWithServerShuttingDown() async throws {
        let handler = LoopbackHandler()
        let endpoint = EngineEndpoint(options: .loopback(), handler: handler)
        let server = EngineServer(service: endpoint)
        let port = try #require(try await server.start().port)
        let engine = LoopbackEngine(server: server, endpoint: endpoint, handler: handler, port: port)

        let waiting = try await engine.handshake().sid
        let poll = try await engine.startGet(waiting)
        try await engine.waitForPendingGet(waiting)
        let idle = try await engine.handshake().sid
        let ws = try await engine.webSocket()
        let webSocket = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
        let upgradedWS = try await engine.webSocket(sid: idle)
        try await upgradedWS.send(text: "2probe")
        #expect(try await upgradedWS.nextText() == "3probe")
        try await upgradedWS.send(text: "5")
        try await eventually("the upgrade") { handler.didUpgrade(idle) }
        let polling = try await engine.handshake().sid
        #expect(endpoint.clientsCount == 4)

        await server.shutdown()

        for sid in [waiting, idle, webSocket, polling] {
            #expect(handler.closeReason(sid) == .serverShuttingDown, "session \(sid)")
        }
        #expect(endpoint.clientsCount == 0)
        // The pending GET got the close packet before its connection ended.
        let reply = try await poll.reply()
        #expect(reply.status == 200)
        #expect(LoopbackEngine.packets(reply.text).last == "1")
        try await poll.waitClosed()
        // WebSockets get a going-away close frame, then the connection ends.
        #expect(try await ws.closeFrame().code == .goingAway)
        #expect(try await upgradedWS.closeFrame().code == .goingAway)
        try await ws.raw.waitClosed()
        try await upgradedWS.raw.waitClosed()
        #expect(server.connectionCount == 0)
        // Nothing listens any more.
        await #expect(throws: (any Error).self) { _ = try await RawClient.connect(port: port) }
    }

    @Test func shutdownDuringAnUpgradeClosesTheProbeToo() async throws {
        let handler = LoopbackHandler()
        let endpoint = EngineEndpoint(options: .loopback(), handler: handler)
        let server = EngineServer(service: endpoint)
        let port = try #require(try await server.start().port)
        let engine = LoopbackEngine(server: server, endpoint: endpoint, handler: handler, port: port)
        let sid = try await engine.handshake().sid
        let probe = try await engine.webSocket(sid: sid)
        try await probe.send(text: "2probe")
        #expect(try await probe.nextText() == "3probe")

        await server.shutdown()

        #expect(handler.closeReason(sid) == .serverShuttingDown)
        #expect(!handler.didUpgrade(sid))
        try await probe.raw.waitClosed()
        #expect(endpoint.clientsCount == 0)
    }

    @Test func handshakeWhoseHooksFinishAfterShutdownOpensNoSession() async throws {
        let entered = Mutex(0)
        let returned = Mutex(0)
        let options = EngineServerOptions.loopback {
            $0.generateId = { _ in
                entered.withLock { $0 += 1 }
                try? await Task.sleep(for: .milliseconds(500))
                returned.withLock { $0 += 1 }
                return EngineSessionID.random()
            }
        }
        let handler = LoopbackHandler()
        let endpoint = EngineEndpoint(options: options, handler: handler)
        let server = EngineServer(service: endpoint)
        let port = try #require(try await server.start().port)
        let engine = LoopbackEngine(server: server, endpoint: endpoint, handler: handler, port: port)
        let polling = try await RawClient.connect(port: port)
        try await polling.request("GET", engine.target())
        let ws = try await RawClient.connect(port: port)
        try await ws.send(WSTestClient.request(path: engine.target(transport: "websocket")))
        try await eventually("both hooks to run") { entered.withLock { $0 } == 2 }

        await server.shutdown()
        try await polling.waitClosed()
        try await ws.waitClosed()
        // The hooks finish after the shutdown; what they started must not open sessions on the stopped server.
        try await eventually("both hooks to return") { returned.withLock { $0 } == 2 }
        try await Task.sleep(for: .milliseconds(100))
        // Normally neither opens; on a very slow machine a hook may finish before the shutdown began, and then its
        // session must have been closed by it. Either way nothing is left open.
        for sid in handler.opened { #expect(handler.closeReason(sid) == .serverShuttingDown) }
        #expect(endpoint.clientsCount == 0)
        #expect(endpoint.registry.isShuttingDown)
    }
}
