import EngineClient
import EngineParser
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import Transports

/// A refusal for `allowRequest`.
private struct Refused: Error {}

@Suite("EngineClient options and the upgrade under load")
struct EngineClientOptionsTests {
    @Test("query extras and headers reach every request, on both transports")
    func queryAndHeaders() async throws {
        let seen = Mutex<[String]>([])
        try await withServer({
            $0.allowRequest = { head in
                let transport = head.query["transport"] ?? "?"
                seen.withLock { $0.append(transport) }
                guard head.query["token"] == "a b&c", head.headers.first(name: "x-token") == "secret" else {
                    throw Refused()
                }
            }
        }) { port in
            var config = configuration(port: port)
            config.query = [("token", "a b&c")]
            config.headers = [("X-Token", "secret")]
            let client = try await EngineClient.connect(config)
            try await eventually("the upgrade") { await client.transport == .websocket }
            try await client.send(text: "ok")
            #expect(try await nextMessages(client, count: 1) == [.text("ok")])
            await client.close()
            // allowRequest runs for handshakes only (as in the reference), so open a WebSocket-only session too.
            config.transports = [.websocket]
            let wsClient = try await EngineClient.connect(config)
            try await wsClient.send(text: "ws")
            #expect(try await nextMessages(wsClient, count: 1) == [.text("ws")])
            await wsClient.close()
            #expect(seen.withLock { $0 } == ["polling", "websocket"])

            var bad = configuration(port: port, transports: [.polling])
            bad.query = [("token", "wrong")]
            await #expect(throws: EngineClientError.handshakeFailed) { _ = try await EngineClient.connect(bad) }
            bad.transports = [.websocket]
            await #expect(throws: EngineClientError.webSocketFailed) { _ = try await EngineClient.connect(bad) }
        }
    }

    @Test("messages sent while the upgrade runs arrive once and in order")
    func sendsAcrossTheUpgrade() async throws {
        try await withServer { port in
            let client = try await EngineClient.connect(configuration(port: port))
            let count = 300
            for index in 0..<count {
                try await client.send(text: "m\(index)")
                if index % 10 == 0 { await Task.yield() }
            }
            let messages = try await nextMessages(client, count: count)
            #expect(messages == (0..<count).map { .text("m\($0)") })
            try await eventually("the upgrade") { await client.transport == .websocket }
            await client.close()
        }
    }

    @Test("no upgrade when upgrade is off or the server offers none")
    func noUpgrade() async throws {
        try await withServer { port in
            let client = try await EngineClient.connect(configuration(port: port, upgrade: false))
            try await client.send(text: "a")
            #expect(try await nextMessages(client, count: 1) == [.text("a")])
            #expect(await client.transport == .polling)
            await client.close()
        }
        try await withServer({ $0.allowUpgrades = false }) { port in
            let client = try await EngineClient.connect(configuration(port: port))
            #expect(client.handshake.upgrades.isEmpty)
            try await client.send(text: "b")
            #expect(try await nextMessages(client, count: 1) == [.text("b")])
            #expect(await client.transport == .polling)
            await client.close()
        }
    }
}
