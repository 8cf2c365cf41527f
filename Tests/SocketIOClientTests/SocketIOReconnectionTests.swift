import EngineClient
import SIOParser
import SIOParserNIO
import SocketIOClient
import Synchronization
import Testing

/// A manager event without its payload (error texts vary).
func kind(_ event: SocketIOManagerEvent) -> String {
    switch event {
    case .open: "open"
    case .close: "close"
    case .reconnectAttempt(let attempt): "attempt \(attempt)"
    case .reconnect(let attempts): "reconnect \(attempts)"
    case .reconnectError: "error"
    case .reconnectFailed: "failed"
    }
}

@Suite("SocketIOClient reconnection and recovery")
struct SocketIOReconnectionTests {
    @Test("a dropped connection reconnects with backoff and every namespace sends CONNECT again",
          arguments: [[EngineClientTransport.polling], [.websocket], [.polling, .websocket]])
    func reconnect(transports: [EngineClientTransport]) async throws {
        try await withFakeServer { port, server in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: transports))
            let main = await manager.socket()
            let chat = await manager.socket(namespace: "/chat", auth: ["token": "abc"])
            let events = Collected<String>()
            await manager.onEvent { events.append(kind($0)) }
            let connects = Collected<String>()
            let reasons = Collected<SocketIODisconnectReason>()
            for socket in [main, chat] {
                socket.onConnect { connects.append(socket.namespace) }
                socket.onDisconnect { reasons.append($0) }
            }
            try await main.connect()
            try await chat.connect()
            let firstIDs = [main.id, chat.id]
            // An ack pending when the connection drops fails with `disconnected`.
            let pending = Task { () async throws -> SIOArguments in
                try await chat.emitWithAck("no-ack", timeout: .seconds(60))
            }
            try await eventually("the server getting the emit") {
                server.record.withLock { $0.events.contains("no-ack") }
            }
            try main.emit("drop")
            try await eventually("both namespaces reconnected") { connects.count == 4 }
            #expect(events.all == ["open", "close", "attempt 1", "open", "reconnect 1"])
            // The server's close reaches a polling client as a close packet, or as a failed request when a POST races it.
            #expect(reasons.all.allSatisfy { $0 == .transportClose || $0 == .transportError })
            #expect(reasons.count == 2)
            #expect(main.connected && chat.connected)
            #expect(firstIDs != [main.id, chat.id])
            let result = await pending.result
            #expect(throws: SocketIOClientError.disconnected) { try result.get() }
            let record = server.record.withLock { $0 }
            #expect(record.sessions == 2)
            #expect(record.connects.count == 4)
            #expect(record.connects.filter { $0.namespace == "/chat" }.count == 2)
            // Emits work on the new connection.
            let echoes = chat.events("echo")
            try chat.emit("echo", "again")
            #expect(try await next(echoes).arguments.decode(String.self, at: 0) == "again")
            await manager.close()
        }
    }

    @Test("recovery: the pid and the last offset go in the CONNECT auth on reconnection; recovered is set")
    func recovery() async throws {
        try await withFakeServer { port, server in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: [.websocket]))
            let socket = await manager.socket(namespace: "/r", auth: ["token": "t"])
            let news = socket.events("news")
            let connects = Collected<Bool>()
            socket.onConnect { connects.append(socket.recovered) }
            try await socket.connect()
            #expect(!socket.recovered)
            try socket.emit("news")
            let item = try await next(news)
            let offset = try item.arguments.decode(String.self, at: 1)
            #expect(offset.hasPrefix("offset-"))
            try socket.emit("drop")
            try await eventually("the reconnection") { connects.count == 2 }
            #expect(connects.all == [false, true])
            #expect(socket.recovered)
            let auths = server.record.withLock { $0.connects.map(\.auth) }
            #expect(auths.count == 2)
            #expect(auths.first == #"{"token":"t"}"#)
            let second = try JSONDocument(parsing: Array(auths[1].utf8)[...]).root
            #expect(second["pid"]?.stringValue?.hasPrefix("pid-") == true)
            #expect(second["offset"]?.stringValue == offset)
            #expect(second["token"]?.stringValue == "t")
            await manager.close()
        }
    }

    @Test("connect() keeps retrying a server that is not there yet when reconnection is on; off, it throws")
    func connectionRefused() async throws {
        // A port with nothing listening, reserved for the whole test.
        let refusing = try RefusingPort()
        defer { refusing.release() }
        let freePort = refusing.port
        var configuration = clientConfiguration(port: freePort, transports: [.websocket])
        configuration.reconnection = false
        let manager = SocketIOManager(configuration: configuration)
        let socket = await manager.socket()
        await #expect(throws: SocketIOClientError.connectionFailed) { try await socket.connect() }
        #expect(!socket.active)

        var retrying = clientConfiguration(port: freePort, transports: [.websocket])
        retrying.timeout = .milliseconds(600)
        let retryingManager = SocketIOManager(configuration: retrying)
        let retryingSocket = await retryingManager.socket()
        let errors = Collected<SocketIOClientError>()
        retryingSocket.onConnectError { errors.append($0) }
        await #expect(throws: SocketIOClientError.timeout) { try await retryingSocket.connect() }
        #expect(errors.count >= 1)
        #expect(errors.all.allSatisfy { $0 == .connectionFailed })
        #expect(!retryingSocket.active)
    }

    @Test("the manager's close() stops reconnection")
    func closeStopsReconnection() async throws {
        try await withFakeServer { port, server in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: [.websocket]))
            let socket = await manager.socket()
            let reasons = Collected<SocketIODisconnectReason>()
            socket.onDisconnect { reasons.append($0) }
            try await socket.connect()
            await manager.close()
            try await eventually("the disconnect") { reasons.count == 1 }
            #expect(reasons.all == [.forcedClose])
            try await Task.sleep(for: .milliseconds(400))
            #expect(server.record.withLock { $0.sessions } == 1)
            #expect(!socket.connected)
            #expect(await !manager.isOpen)
        }
    }

    // Over polling the bad packet and the event behind it arrive in one payload, so the event is surely buffered.
    @Test("a packet that does not decode closes the connection with parse error, then it reconnects",
          arguments: [[EngineClientTransport.polling], [.websocket]])
    func parseError(transports: [EngineClientTransport]) async throws {
        try await withFakeServer { port, server in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: transports))
            let socket = await manager.socket()
            let reasons = Collected<SocketIODisconnectReason>()
            let connects = Collected<Bool>()
            socket.onDisconnect { reasons.append($0) }
            socket.onConnect { connects.append(true) }
            let late = Collected<String>()
            socket.on("after-garbage") { _, _ in late.append("after-garbage") }
            try await socket.connect()
            try socket.emit("garbage")
            try await eventually("the reconnection") { connects.count == 2 }
            #expect(reasons.all == [.parseError])
            #expect(late.count == 0)  // sent behind the bad packet: dropped with the connection
            #expect(server.record.withLock { $0.sessions } == 2)
            await manager.close()
        }
    }

    @Test("reconnectionAttempts bounds the retries, then connect() throws connectionFailed")
    func attemptsLimit() async throws {
        let refusing = try RefusingPort()
        defer { refusing.release() }
        var configuration = clientConfiguration(port: refusing.port, transports: [.websocket])
        configuration.reconnectionAttempts = 2
        configuration.reconnectionDelay = .milliseconds(10)
        configuration.reconnectionDelayMax = .milliseconds(20)
        let manager = SocketIOManager(configuration: configuration)
        let socket = await manager.socket()
        let errors = Collected<SocketIOClientError>()
        let events = Collected<String>()
        await manager.onEvent { events.append(kind($0)) }
        socket.onConnectError { errors.append($0) }
        await #expect(throws: SocketIOClientError.connectionFailed) { try await socket.connect() }
        // The first attempt and two reconnection attempts.
        #expect(errors.count == 3)
        #expect(events.all == ["attempt 1", "error", "attempt 2", "error", "failed"])
        #expect(await manager.reconnectionAttempts == 0)
        #expect(!socket.active)
    }
}
