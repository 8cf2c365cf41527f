import NIOCore
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
        try await eventually("the GET to be pending") { endpoint.session(id: waiting)?.canWriteNow == true }
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
}
