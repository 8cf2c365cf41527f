import EngineClient
import Testing

@Suite("EngineClient against bad servers")
struct EngineClientHostileTests {
    @Test(
        "a WebSocket upgrade without the right 101 and Sec-WebSocket-Accept is refused",
        arguments: [
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: d3Jvbmc=\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
            "garbage\r\n\r\n",
        ]
    )
    func badUpgrade(response: String) async throws {
        let server = try await FixedResponseServer.start(response: response)
        do {
            _ = try await EngineClient.connect(configuration(port: server.port, transports: [.websocket]))
            Issue.record("accepted \(response.debugDescription)")
        } catch {
            #expect(error == .webSocketFailed)
        }
        await server.stop()
    }

    @Test("a polling handshake that is not an open packet is refused")
    func badOpen() async throws {
        let body = "4hello"
        let server = try await FixedResponseServer.start(
            response: "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        )
        do {
            _ = try await EngineClient.connect(configuration(port: server.port, transports: [.polling]))
            Issue.record("accepted a handshake without an open packet")
        } catch {
            #expect(error == .handshakeFailed)
        }
        await server.stop()
    }

    @Test(
        "a message over maxIncomingBytes ends the session with a transport error",
        arguments: [[EngineClientTransport.polling], [.websocket]]
    )
    func oversized(transports: [EngineClientTransport]) async throws {
        try await withServer { port in
            var config = configuration(port: port, transports: transports)
            config.maxIncomingBytes = 1_000
            let client = try await EngineClient.connect(config)
            try await client.send(text: String(repeating: "z", count: 5_000))
            #expect(await client.closed() == .transportError)
        }
    }
}

@Suite("EngineClient handshake deadline")
struct EngineClientDeadlineTests {
    @Test("a server that accepts but never answers makes connect throw timeout", arguments: [
        [EngineClientTransport.polling], [.websocket],
    ])
    func silentHandshake(transports: [EngineClientTransport]) async throws {
        let server = try await FixedResponseServer.start(response: "")
        var config = configuration(port: server.port, transports: transports)
        config.connectTimeout = .milliseconds(200)
        do {
            _ = try await EngineClient.connect(config)
            Issue.record("connected to a silent server")
        } catch {
            #expect(error == .timeout)
        }
        await server.stop()
    }
}
