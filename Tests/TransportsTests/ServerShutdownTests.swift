import NIOCore
import NIOPosix
import Testing
import WSFraming

@testable import Transports

/// Graceful shutdown and the `Service` lifecycle.
@Suite struct ServerShutdownTests {
    @Test func shutdownClosesSessionsWithReasonThenConnectionsAndFreesThePort() async throws {
        let service = FakeEngineService()
        let server = EngineServer(service: service)
        let port = try #require(try await server.start().port)
        let ws = try await WSTestClient.connect(port: port)
        let keepAlive = try await RawClient.connect(port: port)
        try await keepAlive.send("GET /engine/hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await keepAlive.response().body == "hello")
        let poll = try await RawClient.connect(port: port)
        try await poll.send("GET /engine/hang HTTP/1.1\r\nHost: x\r\n\r\n")
        try await eventually("the long poll") { service.log.contains("request GET /engine/hang") }

        await server.shutdown()

        #expect(service.log.contains("shutdown server shutting down"))
        // The session's transport was closed by the service with a close frame.
        let payload = try await ws.next("the close frame") { action -> WSClosePayload? in
            if case .peerClosed(let payload) = action { return payload }
            return nil
        }
        #expect(payload.code == .goingAway)
        try await ws.raw.waitClosed()
        try await keepAlive.waitClosed()
        try await poll.waitClosed()
        #expect(server.connectionCount == 0)
        #expect(server.localAddress == nil)

        // The port is free: a new server binds it.
        let again = EngineServer(port: port, service: FakeEngineService())
        #expect(try await again.start().port == port)
        await again.shutdown()
    }

    @Test func shutdownIsIdempotentAndConcurrent() async throws {
        let service = FakeEngineService()
        let server = EngineServer(service: service)
        try await server.start()
        async let first: Void = server.shutdown()
        async let second: Void = server.shutdown()
        _ = await (first, second)
        await server.shutdown()
        #expect(service.log.all.filter { $0.hasPrefix("shutdown") }.count == 1)
        await #expect(throws: EngineServerError.alreadyStarted) { try await server.start() }
    }

    @Test func runReturnsAfterCancellationAndShutsDown() async throws {
        let service = FakeEngineService()
        let server = EngineServer(service: service)
        let task = Task { try await server.run() }
        try await eventually("listening") { server.port != nil }
        let port = try #require(server.port)
        let client = try await RawClient.connect(port: port)
        try await client.send("GET /engine/hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.response().body == "hello")
        task.cancel()
        try await task.value
        #expect(service.log.contains("shutdown server shutting down"))
        try await client.waitClosed()
    }

    @Test func shutdownBeforeStartStopsForGood() async throws {
        let server = EngineServer(service: FakeEngineService())
        await server.shutdown()
        await #expect(throws: EngineServerError.alreadyStarted) { try await server.start() }
    }
}
