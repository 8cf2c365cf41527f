import EngineClient
import Foundation
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIOClient
import Synchronization
import Testing

/// A client configuration for the fake server on `port`, with short reconnection delays.
func clientConfiguration(
    port: Int, transports: [EngineClientTransport] = [.polling, .websocket]
) -> SocketIOClientConfiguration {
    var configuration = SocketIOClientConfiguration(host: "127.0.0.1", port: port)
    configuration.transports = transports
    #expect(configuration.engine.transports == transports)
    configuration.reconnectionDelay = .milliseconds(50)
    configuration.reconnectionDelayMax = .milliseconds(200)
    return configuration
}

/// The next element of `stream`, failing after `timeout` (an upper bound, not a measurement).
func next<Element: Sendable>(
    _ stream: AsyncStream<Element>, timeout: Duration = .seconds(30),
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> Element {
    let result = await withTaskGroup(of: Element?.self) { group in
        group.addTask {
            var iterator = stream.makeAsyncIterator()
            return await iterator.next()
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
    return try #require(result, "nothing arrived within \(timeout)", sourceLocation: sourceLocation)
}

struct Message: Codable, Equatable, Sendable {
    var text: String
    var count: Int
}

@Suite("SocketIOClient against a fake server over loopback")
struct SocketIOClientLoopbackTests {
    @Test("connect and echo Codable values", arguments: [[EngineClientTransport.polling], [.websocket]])
    func echo(transports: [EngineClientTransport]) async throws {
        try await withFakeServer { port, _ in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: transports))
            let socket = await manager.socket()
            let echoes = socket.events("echo")
            try await socket.connect()
            #expect(socket.connected)
            #expect(socket.id?.hasPrefix("sid-") == true)
            #expect(await manager.transport == transports[0])
            try socket.emit("echo", Message(text: "héllo", count: 3), "two", 3.5)
            let event = try await next(echoes)
            let (message, two, three) = try event.arguments.decode(Message.self, String.self, Double.self)
            #expect(message == Message(text: "héllo", count: 3))
            #expect(two == "two")
            #expect(three == 3.5)
            await socket.disconnect()
            #expect(!socket.connected)
        }
    }

    @Test("polling upgrades to WebSocket and events keep flowing")
    func upgrade() async throws {
        try await withFakeServer { port, _ in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port))
            let socket = await manager.socket()
            let echoes = socket.events("echo")
            try await socket.connect()
            try await eventually("the upgrade") { await manager.transport == .websocket }
            for index in 0..<5 { try socket.emit("echo", index) }
            for index in 0..<5 {
                let event = try await next(echoes)
                #expect(try event.arguments.decode(Int.self, at: 0) == index)
            }
            await manager.close()
        }
    }

    @Test("emits before connect are queued and sent in order on connect; volatile ones are dropped")
    func bufferedEmits() async throws {
        try await withFakeServer { port, _ in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: [.websocket]))
            let socket = await manager.socket()
            let echoes = socket.events("echo")
            try socket.emit("echo", "first")
            try socket.volatileEmit("echo", "volatile")
            try socket.emit("echo", "second")
            try await socket.connect()
            #expect(try await next(echoes).arguments.decode(String.self, at: 0) == "first")
            #expect(try await next(echoes).arguments.decode(String.self, at: 0) == "second")
            try socket.volatileEmit("echo", "now")
            #expect(try await next(echoes).arguments.decode(String.self, at: 0) == "now")
            await manager.close()
        }
    }

    @Test("namespaces share one connection and send their auth; CONNECT_ERROR throws message and data")
    func namespacesAndAuth() async throws {
        try await withFakeServer { port, server in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: [.websocket]))
            let main = await manager.socket()
            let chat = await manager.socket(namespace: "/chat", auth: ["token": "abc"])
            let chatEchoes = chat.events("echo")
            try await main.connect()
            try await chat.connect()
            #expect(main.id != chat.id)
            try chat.emit("echo", "in chat")
            #expect(try await next(chatEchoes).arguments.decode(String.self, at: 0) == "in chat")
            let record = server.record.withLock { $0 }
            #expect(record.sessions == 1)
            #expect(record.connects.map(\.namespace) == ["/", "/chat"])
            #expect(record.connects.map(\.auth) == ["", #"{"token":"abc"}"#])

            let forbidden = await manager.socket(namespace: "/forbidden")
            let errors = Collected<SocketIOClientError>()
            forbidden.onConnectError { errors.append($0) }
            let error = await #expect(throws: SocketIOClientError.connectError) { try await forbidden.connect() }
            #expect(error?.message == "forbidden")
            #expect(error?.data == ["code": 42])
            #expect(errors.count == 1)
            #expect(!forbidden.active)
            #expect(main.connected && chat.connected)
            await manager.close()
        }
    }

    @Test("acks: emitWithAck returns the server's answer; no answer throws timeout", arguments: [
        [EngineClientTransport.polling], [.websocket],
    ])
    func acks(transports: [EngineClientTransport]) async throws {
        try await withFakeServer { port, _ in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: transports))
            let socket = await manager.socket()
            try await socket.connect()
            let answer = try await socket.emitWithAck("ack-me", "a", 1, true)
            let (a, one, yes) = try answer.decode(String.self, Int.self, Bool.self)
            #expect(a == "a" && one == 1 && yes)
            let empty = try await socket.emitWithAck("ack-me")
            #expect(empty.isEmpty)
            await #expect(throws: SocketIOClientError.timeout) {
                _ = try await socket.emitWithAck("no-ack", 1, timeout: .milliseconds(200))
            }
            let typed = try await socket.emitWithAck("ack-me", Message(text: "m", count: 2), returning: Message.self)
            #expect(typed == Message(text: "m", count: 2))
            await #expect(throws: SocketIOClientError.decodingFailed) {
                _ = try await socket.emitWithAck("ack-me", "text", returning: Int.self)
            }
            // The connection is still usable after a timeout.
            #expect(try await socket.emitWithAck("ack-me", 5).decode(Int.self, at: 0) == 5)
            await manager.close()
        }
    }

    @Test("binary both ways: events, acks and the client's answers", arguments: [
        [EngineClientTransport.polling], [.websocket],
    ])
    func binary(transports: [EngineClientTransport]) async throws {
        try await withFakeServer { port, _ in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: transports))
            let socket = await manager.socket(namespace: "/bin")
            let echoes = socket.events("echo")
            let answers = socket.events("answer")
            socket.on("question") { arguments, ack in
                #expect(ack.isRequested)
                let bytes = (try? arguments.decode([UInt8].self, at: 0)) ?? []
                try? ack(Array(bytes.reversed()), ByteBuffer(bytes: [9, 9]), "text")
            }
            try await socket.connect()
            let bytes: [UInt8] = [0, 1, 2, 254, 255]
            try socket.emit("echo", bytes, "mixed", [Array<UInt8>([7])])
            let echo = try await next(echoes)
            let (echoed, mixed, nested) = try echo.arguments.decode([UInt8].self, String.self, [[UInt8]].self)
            #expect(echoed == bytes && mixed == "mixed" && nested == [[7]])
            #expect(echo.arguments.packet?.attachments.count == 2)
            try socket.emit("echo", Data([5, 6, 7]))
            let dataEcho = try await next(echoes)
            #expect(dataEcho.arguments.packet?.attachments.count == 1)
            #expect(try dataEcho.arguments.decode(Data.self, at: 0) == Data([5, 6, 7]))

            let acked = try await socket.emitWithAck("ack-me", bytes)
            #expect(try acked.decode([UInt8].self, at: 0) == bytes)

            try socket.emit("ask-client", bytes)
            let answer = try await next(answers)
            let (reversed, nines, text) = try answer.arguments.decode([UInt8].self, [UInt8].self, String.self)
            #expect(reversed == Array(bytes.reversed()) && nines == [9, 9] && text == "text")
            await manager.close()
        }
    }

    @Test("disconnect(): DISCONNECT to the server, pending acks fail, the connection closes; server DISCONNECT")
    func disconnect() async throws {
        try await withFakeServer { port, server in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: [.websocket]))
            let socket = await manager.socket(namespace: "/d")
            let reasons = Collected<SocketIODisconnectReason>()
            socket.onDisconnect { reasons.append($0) }
            try await socket.connect()
            let pending = Task { () async throws -> SIOArguments in
                try await socket.emitWithAck("no-ack", timeout: .seconds(60))
            }
            try await eventually("the server getting the emit") { server.record.withLock { $0.events.contains("no-ack") } }
            await socket.disconnect()
            let result = await pending.result
            #expect(throws: SocketIOClientError.disconnected) { try result.get() }
            #expect(reasons.all == [.clientDisconnect])
            try await eventually("the server's DISCONNECT record") { server.record.withLock { $0.disconnects } == ["/d"] }
            try await eventually("the manager closing") { await !manager.isOpen }

            // A server DISCONNECT: the socket does not reconnect.
            try await socket.connect()
            try socket.emit("kick")
            try await eventually("the kick") { reasons.count == 2 }
            #expect(reasons.all.last == .serverDisconnect)
            #expect(!socket.active)
            await manager.close()
        }
    }

    @Test("packets to ignore leave the connection up; reserved event names do not encode")
    func ignoredAndReserved() async throws {
        try await withFakeServer { port, server in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: [.websocket]))
            let socket = await manager.socket()
            let echoes = socket.events("echo")
            try await socket.connect()
            let id = socket.id
            try socket.emit("ignored", "after")
            #expect(try await next(echoes).arguments.decode(String.self, at: 0) == "after")
            #expect(socket.id == id)
            #expect(server.record.withLock { $0.sessions } == 1)
            for name in ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"] {
                #expect(throws: SocketIOClientError.encodingFailed) { try socket.emit(name, 1) }
            }
            await manager.close()
        }
    }

    @Test("typed handlers decode the first argument; values that do not decode go to onDecodingError; onAny and off")
    func typedHandlers() async throws {
        try await withFakeServer { port, _ in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: [.websocket]))
            let socket = await manager.socket()
            let messages = Collected<Message>()
            let failures = Collected<Int>()
            let names = Collected<String>()
            socket.on("echo", as: Message.self, onDecodingError: { _, arguments in failures.append(arguments.count) }) {
                message, ack in
                #expect(!ack.isRequested)
                messages.append(message)
            }
            let anyID = socket.onAny { name, _ in names.append(name) }
            try await socket.connect()
            try socket.emit("echo", Message(text: "a", count: 1))
            try socket.emit("echo", "not a message", 2)
            try await eventually("both echoes") { messages.count + failures.count == 2 }
            #expect(messages.all == [Message(text: "a", count: 1)])
            #expect(failures.all == [2])
            #expect(names.all == ["echo", "echo"])
            socket.off(anyID)
            try socket.emit("echo", Message(text: "b", count: 2))
            try await eventually("the third echo") { messages.count == 2 }
            #expect(names.count == 2)
            await manager.close()
        }
    }

    @Test("a server ack request is answered once, however often the handler calls the ack")
    func ackOnce() async throws {
        try await withFakeServer { port, _ in
            let manager = SocketIOManager(configuration: clientConfiguration(port: port, transports: [.websocket]))
            let socket = await manager.socket()
            let answers = Collected<String>()
            let echoes = socket.events("echo")
            socket.on("answer") { arguments, _ in answers.append((try? arguments.decode(String.self, at: 0)) ?? "?") }
            socket.on("question") { _, ack in
                try? ack("first")
                try? ack("second")
                try? ack.send(values: ["third"])
            }
            try await socket.connect()
            try socket.emit("ask-client")
            try await eventually("the answer") { answers.count == 1 }
            // An echo after it shows that nothing else was on the way.
            try socket.emit("echo", 1)
            _ = try await next(echoes)
            #expect(answers.all == ["first"])
            await manager.close()
        }
    }
}
