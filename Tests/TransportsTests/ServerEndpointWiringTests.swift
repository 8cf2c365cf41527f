import NIOCore
import Testing

@testable import Transports

/// An `EngineHandler` that ignores everything (the endpoint wiring tests need one).
final class SilentEngineHandler: EngineHandler, @unchecked Sendable {
    func sessionOpened(_ session: EngineSession) {}
    func session(_ session: EngineSession, received message: EngineMessage) {}
    func sessionClosed(_ session: EngineSession, reason: EngineCloseReason) {}
}

/// The convenience init builds an `EngineEndpoint` and takes its limits from the options.
@Suite struct ServerEndpointWiringTests {
    @Test func optionsProvideConnectionLimitsAndFallbackBodyLimit() async throws {
        var options = EngineServerOptions()
        options.maxHttpBufferSize = 10
        options.connectionLimits.maxConnections = 1
        let server = EngineServer(options: options, handler: SilentEngineHandler(), fallback: EchoFallback())
        #expect(server.service is EngineEndpoint)
        #expect(server.limits.maxConnections == 1)
        let port = try #require(try await server.start().port)
        let client = try await RawClient.connect(port: port)
        try await client.send("POST /app HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nsmall")
        #expect(try await client.response().body == "fallback POST /app small")
        try await client.send("POST /app HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n")
        let refused = try await client.response()
        #expect(refused.head.hasPrefix("HTTP/1.1 413 "))
        try await client.waitClosed()
        try await eventually("the slot to free") { server.connectionCount == 0 }
        let first = try await RawClient.connect(port: port)
        try await eventually("one connection") { server.connectionCount == 1 }
        let second = try await RawClient.connect(port: port)
        try await second.waitClosed()
        await first.close()
        await server.shutdown()
    }
}
