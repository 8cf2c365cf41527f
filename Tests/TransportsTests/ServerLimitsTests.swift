import NIOCore
import Testing
import WSFraming

@testable import Transports

/// Hostile connections: header limits, slowloris, idle connections, the connection cap.
@Suite struct ServerLimitsTests {
    static func limits(
        headerTimeout: TimeAmount = .seconds(10), idleTimeout: TimeAmount = .seconds(30), maxHeaderBytes: Int = 16_384,
        maxHeaderCount: Int = 100, maxConnections: Int? = nil
    ) -> EngineConnectionLimits {
        var limits = EngineConnectionLimits()
        limits.headerTimeout = headerTimeout
        limits.idleTimeout = idleTimeout
        limits.maxHeaderBytes = maxHeaderBytes
        limits.maxHeaderCount = maxHeaderCount
        limits.maxConnections = maxConnections
        return limits
    }

    @Test func headOverMaxHeaderBytesGets431() async throws {
        try await withServer(limits: Self.limits(maxHeaderBytes: 1024)) { _, port in
            let client = try await RawClient.connect(port: port)
            // No blank line yet: the head is refused by its size alone, not when it ends.
            try await client.send("GET /engine/hello HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 2000))\r\n")
            try await client.waitClosed()
            #expect(client.text.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
        }
    }

    @Test func longRequestTargetCountsTowardMaxHeaderBytes() async throws {
        try await withServer(limits: Self.limits(maxHeaderBytes: 1024)) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /\(String(repeating: "a", count: 3000))")
            try await client.waitClosed()
            #expect(client.text.hasPrefix("HTTP/1.1 431 "))
        }
    }

    @Test func headUnderTheLimitIsServed() async throws {
        try await withServer(limits: Self.limits(maxHeaderBytes: 1024)) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /engine/hello HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 800))\r\n\r\n")
            let response = try await client.response()
            #expect(response.body == "hello")
            await client.close()
        }
    }

    @Test func tooManyHeaderFieldsGet431() async throws {
        try await withServer(limits: Self.limits(maxHeaderCount: 10)) { _, port in
            let client = try await RawClient.connect(port: port)
            let fields = (0..<11).map { "X-F\($0): v\r\n" }.joined()
            try await client.send("GET /engine/hello HTTP/1.1\r\n\(fields)\r\n")
            try await client.waitClosed()
            #expect(client.text.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
        }
    }

    @Test func tenHeaderFieldsAreAllowed() async throws {
        try await withServer(limits: Self.limits(maxHeaderCount: 10)) { _, port in
            let client = try await RawClient.connect(port: port)
            let fields = (0..<10).map { "X-F\($0): v\r\n" }.joined()
            try await client.send("GET /engine/hello HTTP/1.1\r\n\(fields)\r\n")
            #expect(try await client.response().body == "hello")
            await client.close()
        }
    }

    @Test func slowHeadIsCutOffAfterHeaderTimeout() async throws {
        try await withServer(limits: Self.limits(headerTimeout: .milliseconds(3_000))) { _, port in
            let client = try await RawClient.connect(port: port)
            // On a loaded machine the timeout may already have closed the connection before this send; the
            // property under test, a close without any response, holds either way.
            try? await client.send("GET /engine/hello HTTP/1.1\r\nHost: x\r\n")
            try await client.waitClosed()
            #expect(client.bytes.isEmpty)
        }
    }

    @Test func silentConnectionIsCutOffAfterHeaderTimeout() async throws {
        try await withServer(limits: Self.limits(headerTimeout: .milliseconds(3_000))) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.waitClosed()
        }
    }

    @Test func slowHeadOfASecondRequestIsCutOffToo() async throws {
        // The first request must arrive within the head timeout, so it is long enough for a loaded machine.
        let limits = Self.limits(headerTimeout: .milliseconds(6_000), idleTimeout: .seconds(30))
        try await withServer(limits: limits) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /engine/hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.response().body == "hello")
            try await client.send("GET /engine/hel")
            try await client.waitClosed(timeout: .seconds(20))
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() async throws {
        let limits = Self.limits(headerTimeout: .seconds(30), idleTimeout: .milliseconds(3_000))
        try await withServer(limits: limits) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /engine/hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.response().body == "hello")
            try await client.waitClosed()
        }
    }

    @Test func longPollIsNotIdle() async throws {
        let service = FakeEngineService()
        // Only the idle timeout is under test. The head timeout is long because a loaded CI machine running the
        // whole suite in parallel has taken more than two seconds between the client's connect and its send.
        let limits = Self.limits(headerTimeout: .seconds(20), idleTimeout: .seconds(2))
        try await withServer(service, limits: limits) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /engine/hang HTTP/1.1\r\nHost: x\r\n\r\n")
            try await eventually("the request") { service.log.contains("request GET /engine/hang") }
            // More than two idle timeouts' worth: a pending request keeps the connection.
            try await Task.sleep(for: .milliseconds(4_500))
            #expect(!client.isClosed)
            #expect(!service.log.contains("abort"))
            await client.close()
        }
    }

    @Test func webSocketIsNotIdleClosed() async throws {
        // The upgrade request must arrive within the head timeout, long for a loaded machine; the wait after it
        // outlasts the idle timeout twice.
        let limits = Self.limits(headerTimeout: .seconds(20), idleTimeout: .seconds(2))
        try await withServer(limits: limits) { _, port in
            let ws = try await WSTestClient.connect(port: port)
            try await Task.sleep(for: .milliseconds(4_500))
            #expect(!ws.raw.isClosed)
            try await ws.send(text: "still here")
            #expect(try await ws.message().text == "still here")
            await ws.raw.close()
        }
    }

    @Test func connectionsPastMaxConnectionsAreClosedAtAccept() async throws {
        try await withServer(limits: Self.limits(maxConnections: 2)) { server, port in
            let first = try await RawClient.connect(port: port)
            let second = try await RawClient.connect(port: port)
            try await eventually("two connections") { server.connectionCount == 2 }
            let third = try await RawClient.connect(port: port)
            try await third.waitClosed()
            #expect(third.bytes.isEmpty)
            try await first.send("GET /engine/hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await first.response().body == "hello")
            await first.close()
            try await eventually("a free slot") { server.connectionCount == 1 }
            let fourth = try await RawClient.connect(port: port)
            try await fourth.send("GET /engine/hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await fourth.response().body == "hello")
            await second.close()
            await fourth.close()
        }
    }
}
