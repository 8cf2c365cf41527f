import EngineClient
import Logging
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOClient
import SocketIOTesting
import Testing
import Transports

/// `SocketIOTestClient` against a real `SocketIOServer` over loopback TCP (EngineServer on port 0).
@Suite struct TestClientTests {
    /// A server whose handlers the tests use: the handshake echoed on connection, echo, add (acked), silent (never
    /// acked), burst (n events then the ack), names (events of several names then the ack), kick.
    static func makeServer() -> SocketIOServer {
        var options = SocketIOServerOptions()
        options.connectTimeout = .seconds(30)
        let io = SocketIOServer(options: options, logger: Logger(label: "test-client"))
        io.sockets.onConnection { (socket: Socket) in
            try? socket.emit("handshake", socket.handshake.query)
            try? socket.emit(encoded: SIOArguments([socket.handshake.auth]).encodedEvent("auth"))
            for tick in 1...3 { try? socket.emit("tick", tick) }
        }
        io.sockets.on("echo") { (socket: Socket, arguments: SIOArguments, _: SocketAck?) in
            try? socket.emit(encoded: arguments.encodedEvent("echo"))
        }
        io.sockets.on("tick") { (socket: Socket, arguments: SIOArguments, _: SocketAck?) in
            try? socket.emit(encoded: arguments.encodedEvent("tick"))
        }
        io.sockets.on("add") { (_: Socket, arguments: SIOArguments, ack: SocketAck?) in
            let (a, b) = (try? arguments.decode(Int.self, Int.self)) ?? (0, 0)
            ack?(a + b)
        }
        io.sockets.on("silent") { (_: Socket, _: SIOArguments, _: SocketAck?) in }
        io.sockets.on("burst") { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) in
            let count = (try? arguments.decode(Int.self, at: 0)) ?? 0
            for index in 0..<count { try? socket.emit("n", index) }
            ack?(count)
        }
        io.sockets.on("names") { (socket: Socket, _: SIOArguments, ack: SocketAck?) in
            for name in ["a", "b", "c", "d"] { try? socket.emit(name, name) }
            ack?()
        }
        io.sockets.on("kick") { (socket: Socket, _: SIOArguments, _: SocketAck?) in socket.disconnect() }
        io.of("/private").use { socket in
            throw SocketConnectError("not authorized", data: ["retry": false])
        }
        io.of("/slow").use { _ in try await Task.sleep(for: .seconds(30)) }
        return io
    }

    /// Runs `body` with the port of a started server, then shuts the server down (also when `body` throws).
    static func withServer(_ body: (Int, SocketIOServer) async throws -> Void) async throws {
        let io = makeServer()
        let server = EngineServer(host: "127.0.0.1", port: 0, service: io.engine)
        let address = try await server.start()
        let port = try #require(address.port)
        do {
            try await body(port, io)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// Runs `body`, failing with `TestTimeout` instead of hanging when it does not finish within `timeout` (a
    /// stream that never yields is cancelled, so its `next()` returns nil).
    static func within(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            let finished = try await group.next() ?? false
            group.cancelAll()
            if !finished { throw TestTimeout(description: "not finished within \(timeout)") }
        }
    }

    @Test(arguments: [[ClientTransport.websocket], [.polling]])
    func connectsWithQueryAndAuthAndReplaysEarlyEvents(transports: [ClientTransport]) async throws {
        try await Self.withServer { port, _ in
            let client = try await SocketIOTestClient.connect(
                port: port, query: ["room": "a", "user": "bob"], auth: ["token": "t"], transports: transports)
            #expect(client.id != nil)
            #expect(!client.disconnected)
            // Emitted by the server at connection, before the test asked: kept, not lost.
            let query = try await client.next("handshake", as: [String: String].self)
            #expect(query["room"] == "a" && query["user"] == "bob")
            #expect(try await client.next("auth").value(at: 0) == ["token": "t"])
            await client.close()
        }
    }

    @Test func sendsAndReceives() async throws {
        try await Self.withServer { port, _ in
            let client = try await SocketIOTestClient.connect(port: port)
            try await client.send("echo", "a", 2, [UInt8]([7, 8]))
            let echo = try await client.next("echo")
            let (a, two, bytes) = try echo.decode(String.self, Int.self, [UInt8].self)
            #expect(a == "a" && two == 2 && bytes == [7, 8])
            await client.close()
        }
    }

    @Test func sendWithAckUntypedAndTyped() async throws {
        try await Self.withServer { port, _ in
            let client = try await SocketIOTestClient.connect(port: port)
            let answer = try await client.sendWithAck("add", 2, 3)
            #expect(answer.count == 1)
            #expect(try answer.decode(Int.self, at: 0) == 5)
            #expect(try await client.sendWithAck("add", 40, 2, as: Int.self) == 42)
            let error = await #expect(throws: SocketIOTestClientError.decodingFailed) {
                _ = try await client.sendWithAck("add", 1, 1, as: String.self)
            }
            #expect(error?.event == "add")
            await client.close()
        }
    }

    @Test func eventsBeforeOnAreReplayedThenLive() async throws {
        try await Self.withServer { port, _ in
            let client = try await SocketIOTestClient.connect(port: port)
            // The three ticks sent at connection are in when the ack of a later event is.
            _ = try await client.sendWithAck("add", 0, 0)
            #expect(client.received("tick").count == 3)
            let stream = client.on("tick")
            try await Self.within(.seconds(20)) {
                var iterator = stream.makeAsyncIterator()
                var seen: [Int] = []
                for _ in 0..<3 { seen.append(try #require(await iterator.next()).decode(Int.self, at: 0)) }
                #expect(seen == [1, 2, 3])
                try await client.send("tick", 4)
                #expect(try #require(await iterator.next()).decode(Int.self, at: 0) == 4)
                // `next` keeps its own position: every tick once, in order, the replayed ones included.
                var nexts: [Int] = []
                for _ in 0..<4 { nexts.append(try await client.next("tick", as: Int.self)) }
                #expect(nexts == [1, 2, 3, 4])
                await client.close()
                // The stream ends with the connection.
                #expect(await iterator.next() == nil)
            }
        }
    }

    @Test func boundedBufferDropsOldestAndCounts() async throws {
        try await Self.withServer { port, _ in
            var options = SocketIOTestClientOptions()
            options.eventBufferLimit = 3
            options.maxEventNames = 6  // handshake, auth, tick, n, then a and b of "names"
            let client = try await SocketIOTestClient.connect(port: port, options: options)
            #expect(try await client.sendWithAck("burst", 5, as: Int.self) == 5)
            #expect(client.droppedEvents("n") == 2)
            #expect(try client.received("n").map { try $0.decode(Int.self, at: 0) } == [2, 3, 4])
            #expect(try await client.next("n", as: Int.self) == 2)
            _ = try await client.sendWithAck("names")
            #expect(client.received("a").count == 1 && client.received("b").count == 1)
            #expect(client.received("c").isEmpty && client.received("d").isEmpty)
            #expect(client.droppedEventsTotal == 4)
            await client.close()
        }
    }

    @Test func refusedConnectionCarriesMessageAndData() async throws {
        try await Self.withServer { port, _ in
            let error = await #expect(throws: SocketIOClientError.connectError) {
                _ = try await SocketIOTestClient.connect(port: port, namespace: "/private")
            }
            #expect(error?.message == "not authorized")
            #expect(error?.data == ["retry": false])
        }
    }

    @Test func connectFailuresAreQuickAndClear() async throws {
        try await Self.withServer { port, _ in
            let start = ContinuousClock.now
            let error = await #expect(throws: SocketIOClientError.timeout) {
                _ = try await SocketIOTestClient.connect(port: port, namespace: "/slow", timeout: .seconds(3))
            }
            #expect(error?.description.contains("/slow") == true)
            // The namespace's middleware holds a CONNECT for 30 s; the 3 s timeout ends the wait long before that,
            // with room for a machine busy with the whole suite.
            #expect(ContinuousClock.now - start < .seconds(20))
        }
        // Nothing listens on the port: no retry, a clear error.
        let refusing = try RefusingPort()
        defer { refusing.release() }
        await #expect(throws: SocketIOClientError.connectionFailed) {
            _ = try await SocketIOTestClient.connect(port: refusing.port, timeout: .seconds(5))
        }
    }

    @Test func timeoutsNameTheEvent() async throws {
        try await Self.withServer { port, _ in
            let client = try await SocketIOTestClient.connect(port: port)
            let waited = await #expect(throws: SocketIOTestClientError.timeout) {
                _ = try await client.next("never", timeout: .milliseconds(200))
            }
            #expect(waited?.event == "never")
            #expect(waited?.description.contains("\"never\"") == true)
            let acked = await #expect(throws: SocketIOTestClientError.timeout) {
                _ = try await client.sendWithAck("silent", 1, timeout: .milliseconds(200))
            }
            #expect(acked?.event == "silent")
            #expect(acked?.description.contains("\"silent\"") == true)
            // A timed-out `next` leaves nothing behind: the next event still goes to the next caller.
            try await client.send("echo", "late")
            #expect(try await client.next("echo", as: String.self) == "late")
            await client.close()
        }
    }

    @Test func closeIsIdempotentAndLaterSendsThrow() async throws {
        try await Self.withServer { port, _ in
            let client = try await SocketIOTestClient.connect(port: port)
            let stream = client.on("echo")
            // The ticks sent at connection are in once a later acknowledgement is.
            _ = try await client.sendWithAck("add", 0, 0)
            await client.close()
            await client.close()
            #expect(client.disconnected)
            #expect(client.id == nil)
            await #expect(throws: SocketIOTestClientError.closed) { try await client.send("echo", 1) }
            await #expect(throws: SocketIOTestClientError.closed) { _ = try await client.sendWithAck("add", 1, 1) }
            await #expect(throws: SocketIOTestClientError.closed) { _ = try await client.next("echo") }
            // Events kept before the close are still readable.
            #expect(try await client.next("tick", as: Int.self) == 1)
            try await Self.within(.seconds(20)) {
                var iterator = stream.makeAsyncIterator()
                #expect(await iterator.next() == nil)
            }
        }
    }

    @Test func serverDisconnectFailsWaitersAtOnce() async throws {
        try await Self.withServer { port, _ in
            let client = try await SocketIOTestClient.connect(port: port)
            let start = ContinuousClock.now
            let waiting = Task { try await client.next("never", timeout: .seconds(20)) }
            try await client.send("kick")
            await #expect(throws: SocketIOTestClientError.disconnected) { _ = try await waiting.value }
            #expect(ContinuousClock.now - start < .seconds(15))
            #expect(client.disconnected)
            await #expect(throws: SocketIOTestClientError.disconnected) { try await client.send("echo", 1) }
            await client.close()
        }
    }

    @Test func droppedClientLeavesTheNamespace() async throws {
        try await Self.withServer { port, io in
            let reasons = Recorder<DisconnectReason>()
            io.sockets.onDisconnect { _, reason in reasons.append(reason) }
            do {
                let client = try await SocketIOTestClient.connect(port: port)
                #expect(!client.disconnected)
            }
            // No close(): the client's deinit leaves the namespace.
            #expect(try await reasons.first(timeout: .seconds(10)) == .clientNamespaceDisconnect)
        }
    }
}
