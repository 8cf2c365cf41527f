import Logging
import NIOCore
import ServiceLifecycle
import Testing
import WSFraming

@testable import Transports

/// Hosting shapes over loopback: two endpoints on one port, and `EngineServer` run by a ServiceLifecycle group.
@Suite struct LoopbackServiceTests {
    @Test func twoEndpointsOnOnePortKeepTheirSessionsApart() async throws {
        let engineHandler = LoopbackHandler()
        let socketHandler = LoopbackHandler()
        let bare = EngineEndpoint(options: .loopback { $0.path = "/engine.io/" }, handler: engineHandler)
        let socket = EngineEndpoint(options: .loopback(), handler: socketHandler)
        let server = EngineServer(service: EngineServiceGroup([bare, socket]))
        let port = try #require(try await server.start().port)
        let first = LoopbackEngine(server: server, endpoint: bare, handler: engineHandler, port: port)
        let second = LoopbackEngine(server: server, endpoint: socket, handler: socketHandler, port: port)

        let bareSid = try await first.handshake().sid
        let socketSid = try await second.handshake().sid
        #expect(try await first.post(bareSid, "4to bare").text == "ok")
        #expect(try await first.get(bareSid).text == "4to bare")
        #expect(engineHandler.received(bareSid).count == 1)
        #expect(socketHandler.received(socketSid).isEmpty)
        // A sid is known only at its own endpoint.
        #expect(try await second.get(bareSid).text == #"{"code":1,"message":"Session ID unknown"}"#)
        let ws = try await second.webSocket()
        _ = try LoopbackEngine.openPacket(try await ws.nextText())
        // Another path on the same port is neither endpoint's.
        #expect(try await first.http("GET", "/other/?EIO=4&transport=polling").status == 404)

        await server.shutdown()
        #expect(engineHandler.closeReason(bareSid) == .serverShuttingDown)
        #expect(socketHandler.closeReason(socketSid) == .serverShuttingDown)
        #expect(try await ws.closeFrame().code == .goingAway)
    }

    @Test func gracefulShutdownOfAServiceGroupClosesSessions() async throws {
        let handler = LoopbackHandler()
        let endpoint = EngineEndpoint(options: .loopback(), handler: handler)
        let server = EngineServer(service: endpoint)
        let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        try await eventually("listening") { server.port != nil }
        let engine = LoopbackEngine(server: server, endpoint: endpoint, handler: handler, port: try #require(server.port))
        let sid = try await engine.handshake().sid
        let ws = try await engine.webSocket()
        let wsSid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)

        await group.triggerGracefulShutdown()
        try await running.value

        #expect(handler.closeReason(sid) == .serverShuttingDown)
        #expect(handler.closeReason(wsSid) == .serverShuttingDown)
        #expect(try await ws.closeFrame().code == .goingAway)
        try await ws.raw.waitClosed()
        #expect(server.localAddress == nil)
    }
}
