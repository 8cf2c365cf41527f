// Loopback support: a real EngineServer + EngineEndpoint with the echo handler (or a close-on-request variant) on a
// free port, and helpers to read the client's messages with a generous upper bound.
import EngineClient
import NIOCore
import Testing
import Transports

/// Echoes every message; a text message "close-me" makes the server close the session instead.
final class EchoOrCloseHandler: EngineHandler {
    init() {}

    func sessionOpened(_ session: EngineSession) {}

    func session(_ session: EngineSession, received message: EngineMessage) {
        switch message {
        case .text(let bytes):
            if String(buffer: bytes) == "close-me" {
                session.close()
                return
            }
            session.send(.text(bytes))
        case .binary(let bytes):
            session.send(.binary(bytes))
        }
    }

    func sessionClosed(_ session: EngineSession, reason: EngineCloseReason) {}
}

/// Runs `body` with a server for `options` on a free loopback port.
func withServer(
    _ change: (inout EngineServerOptions) -> Void = { _ in },
    _ body: (Int) async throws -> Void
) async throws {
    var options = EngineServerOptions()
    change(&options)
    let endpoint = EngineEndpoint(options: options, handler: EchoOrCloseHandler())
    let server = EngineServer(service: endpoint)
    let address = try await server.start()
    let port = try #require(address.port)
    do {
        try await body(port)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// A configuration for the loopback server on `port`.
func configuration(
    port: Int, transports: [EngineClientTransport] = [.polling, .websocket], upgrade: Bool = true
) -> EngineClientConfiguration {
    var configuration = EngineClientConfiguration(host: "127.0.0.1", port: port)
    configuration.transports = transports
    configuration.upgrade = upgrade
    return configuration
}

/// Reads the next `count` messages, failing after `timeout` (an upper bound, not a measurement).
func nextMessages(
    _ client: EngineClient, count: Int, timeout: Duration = .seconds(20)
) async throws -> [EngineClientMessage] {
    try await withThrowingTaskGroup(of: [EngineClientMessage]?.self) { group in
        group.addTask {
            var result: [EngineClientMessage] = []
            for await message in client.messages {
                result.append(message)
                if result.count == count { break }
            }
            return result
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        let first = try await group.next() ?? nil
        group.cancelAll()
        return try #require(first, "no \(count) messages within \(timeout)")
    }
}

/// Waits until `condition` holds, polling every 10 ms, failing after `timeout`.
func eventually(
    _ what: String, timeout: Duration = .seconds(20), _ condition: () async -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
}
