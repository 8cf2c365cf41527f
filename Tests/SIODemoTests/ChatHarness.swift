import SIODemoKit
import SIOParser
import SocketIOClient
import SocketIOTesting

/// A demo on a free port with a fixed clock, and clients that sign their handshakes like the page does.
struct ChatHarness {
    /// The server's clock, fixed so timestamps in events can be compared exactly.
    static let now: Int64 = 1_763_780_000_000

    let server: DemoServer

    /// Runs `body` against a fresh demo, shutting it down afterwards (also when `body` throws).
    static func run(_ body: (ChatHarness) async throws -> Void) async throws {
        let server = try await DemoServer.start(
            port: 0, configuration: DemoLauncher.configuration(path: nil), now: { Self.now })
        do {
            try await body(ChatHarness(server: server))
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// The handshake query of `userId` in `room`, signed with `key` at `timestamp` (the demo app's by default).
    func query(
        userId: String?, room: String?, app: String = "demo", key: String? = nil, timestamp: Int64 = Self.now
    ) -> [String: String] {
        let ts = String(timestamp)
        var query = [
            "app": app, "timestamp": ts,
            "sign": DemoSignature.sign(app: app, key: key ?? server.settings.demoKey, timestamp: ts),
        ]
        query["userId"] = userId
        query["room"] = room
        return query
    }

    /// A connected client for `userId` in `room`.
    func join(_ userId: String, room: String = "demo") async throws -> SocketIOTestClient {
        try await SocketIOTestClient.connect(port: server.port, query: query(userId: userId, room: room))
    }

    /// The CONNECT_ERROR a handshake with `query` gets (fails the test when it is accepted).
    func refusal(_ query: [String: String]) async throws -> SocketIOClientError? {
        do {
            let client = try await SocketIOTestClient.connect(port: server.port, query: query)
            await client.close()
            return nil
        } catch {
            return error
        }
    }
}
