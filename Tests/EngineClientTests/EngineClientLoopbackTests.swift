import EngineClient
import EngineParser
import NIOCore
import Testing
import Transports

@Suite("EngineClient over loopback")
struct EngineClientLoopbackTests {
    @Test("polling only: handshake fields and text echo")
    func pollingOnly() async throws {
        // A pong over polling takes a new connection; a whole parallel test run can delay it past a short timeout.
        try await withServer({ $0.pingInterval = .milliseconds(300); $0.pingTimeout = .milliseconds(2_000) }) { port in
            let client = try await EngineClient.connect(configuration(port: port, transports: [.polling]))
            #expect(client.handshake.pingInterval == 300)
            #expect(client.handshake.pingTimeout == 2_000)
            #expect(client.handshake.maxPayload == 1_000_000)
            #expect(client.handshake.upgrades == ["websocket"])
            #expect(!client.sid.isEmpty)
            try await client.send(text: "hello")
            try await client.send(text: "wörld ✓")
            let messages = try await nextMessages(client, count: 2)
            #expect(messages == [.text("hello"), .text("wörld ✓")])
            #expect(await client.transport == .polling)
            await client.close()
            #expect(await client.closed() == .forcedClose)
        }
    }

    @Test("WebSocket only: echo of text and binary")
    func webSocketOnly() async throws {
        try await withServer { port in
            let client = try await EngineClient.connect(configuration(port: port, transports: [.websocket]))
            #expect(await client.transport == .websocket)
            try await client.send(text: "hi")
            try await client.send(binary: [0, 1, 2, 255])
            let messages = try await nextMessages(client, count: 2)
            #expect(messages == [.text("hi"), .binary([0, 1, 2, 255])])
            await client.close()
            #expect(await client.closed() == .forcedClose)
        }
    }

    @Test("polling upgrades to WebSocket, then echoes in order")
    func upgrade() async throws {
        try await withServer { port in
            let client = try await EngineClient.connect(configuration(port: port))
            try await client.send(text: "before")
            try await eventually("the upgrade") { await client.transport == .websocket }
            for index in 0..<20 { try await client.send(text: "after \(index)") }
            let messages = try await nextMessages(client, count: 21)
            #expect(messages == [.text("before")] + (0..<20).map { .text("after \($0)") })
            await client.close()
        }
    }

    @Test("binary both ways over polling (base64 in payloads)")
    func binaryPolling() async throws {
        try await withServer { port in
            let client = try await EngineClient.connect(configuration(port: port, transports: [.polling]))
            let bytes = (0..<300).map { UInt8($0 % 256) }
            try await client.send(binary: bytes)
            try await client.send(text: "t")
            try await client.send(binary: [])
            let messages = try await nextMessages(client, count: 3)
            #expect(messages == [.binary(bytes), .text("t"), .binary([])])
            await client.close()
        }
    }

    @Test(
        "large messages are split into payloads within maxPayload",
        arguments: [[EngineClientTransport.polling], [.websocket]]
    )
    func largeMessages(transports: [EngineClientTransport]) async throws {
        try await withServer({ $0.maxHttpBufferSize = 100_000 }) { port in
            let client = try await EngineClient.connect(configuration(port: port, transports: transports))
            #expect(client.handshake.maxPayload == 100_000)
            let big = String(repeating: "x", count: 60_000)
            let binary = [UInt8](repeating: 7, count: 50_000)
            try await client.send(text: big)
            try await client.send(text: big + "y")
            try await client.send(binary: binary)
            for index in 0..<50 { try await client.send(text: "small \(index)") }
            let messages = try await nextMessages(client, count: 53)
            #expect(messages.count == 53)
            #expect(messages.prefix(3) == [.text(big), .text(big + "y"), .binary(binary)])
            #expect(Array(messages.dropFirst(3)) == (0..<50).map { .text("small \($0)") })
            #expect(await client.closeReason == nil)
            await client.close()
        }
    }

    @Test(
        "the server closes the session",
        arguments: [[EngineClientTransport.polling], [.websocket], [.polling, .websocket]]
    )
    func serverClose(transports: [EngineClientTransport]) async throws {
        try await withServer { port in
            let client = try await EngineClient.connect(configuration(port: port, transports: transports))
            if transports.count == 2 {
                try await eventually("the upgrade") { await client.transport == .websocket }
            }
            try await client.send(text: "close-me")
            #expect(await client.closed() == .transportClose)
            var count = 0
            for await _ in client.messages { count += 1 }
            #expect(count == 0)
            await #expect(throws: EngineClientError.closed) { try await client.send(text: "late") }
        }
    }

    @Test(
        "the client answers pings over a 50 ms pingInterval for several intervals",
        arguments: [[EngineClientTransport.polling], [.websocket]]
    )
    func heartbeat(transports: [EngineClientTransport]) async throws {
        // A client that did not answer would be closed 2.05 s in; the loop runs 3 s. The timeout leaves a pong
        // over polling (a new connection each) room under a full parallel test run on a busy machine.
        try await withServer({ $0.pingInterval = .milliseconds(50); $0.pingTimeout = .milliseconds(2_000) }) { port in
            let client = try await EngineClient.connect(configuration(port: port, transports: transports))
            // Each echo round trip proves the session is alive; spread them over many ping intervals.
            let clock = ContinuousClock()
            let start = clock.now
            var rounds = 0
            while clock.now - start < .milliseconds(3_000) {
                try await client.send(text: "r\(rounds)")
                let echoed = try await nextMessages(client, count: 1)
                #expect(echoed == [.text("r\(rounds)")])
                rounds += 1
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await client.closeReason == nil)
            await client.close()
            #expect(await client.closed() == .forcedClose)
        }
    }

    @Test("no ping within pingInterval + pingTimeout closes with ping timeout")
    func pingTimeout() async throws {
        let server = try await SilentServer.start(pingInterval: 50, pingTimeout: 50)
        let client = try await EngineClient.connect(configuration(port: server.port, transports: [.polling]))
        #expect(client.handshake.sid == "silent")
        let reason = await client.closed()
        #expect(reason == .pingTimeout)
        #expect(reason.description == "ping timeout")
        await server.stop()
    }

    @Test(
        "a refused port gives a clear connect error",
        arguments: [[EngineClientTransport.polling], [.websocket]]
    )
    func refused(transports: [EngineClientTransport]) async throws {
        // Bind and release a port so nothing listens there.
        var port = 0
        try await withServer { port = $0 }
        do {
            _ = try await EngineClient.connect(configuration(port: port, transports: transports))
            Issue.record("connected to a closed port")
        } catch {
            #expect(error == .connectFailed)
            #expect(error.description.contains("127.0.0.1:\(port)"))
        }
    }

    @Test("a refused handshake reports the status and body")
    func badPath() async throws {
        try await withServer { port in
            var config = configuration(port: port, transports: [.polling])
            config.query = [("EIO", "3")]
            config.path = "/other/"
            do {
                _ = try await EngineClient.connect(config)
                Issue.record("handshake on a wrong path succeeded")
            } catch let error as EngineClientError {
                #expect(error == .handshakeFailed)
                #expect(error.description.contains("404"))
            }
        }
    }
}
