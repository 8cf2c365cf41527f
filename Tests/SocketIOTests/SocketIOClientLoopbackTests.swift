import EngineClient
import Logging
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOClient
import SocketIOTesting
import Testing
import Synchronization
import Transports

/// The project's Swift client against the real server over loopback TCP, on each transport setup: events and acks
/// with binary both ways, server-initiated acks, middleware refusal then retry, recovery after a dropped connection,
/// and a server-side disconnect.
@Suite struct SocketIOClientLoopbackTests {
    @Test(arguments: [[EngineClientTransport.polling], [.websocket], [.polling, .websocket]])
    func interop(transports: [EngineClientTransport]) async throws {
        var options = SocketIOServerOptions()
        options.connectionStateRecovery = ConnectionStateRecoveryOptions()
        let io = SocketIOServer(options: options, logger: Logger(label: "loopback"))
        io.sockets.on("echo") { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) in
            if let ack { ack.send(arguments: arguments) } else { try? socket.emit(encoded: arguments.encodedEvent("echo")) }
        }
        io.sockets.on("ask") { (socket: Socket, arguments: SIOArguments, _: SocketAck?) in
            Task {
                let answer = try await socket.emitWithAck("question", [UInt8]([1, 2, 3]))
                try socket.emit("answer", answer.decode([UInt8].self, at: 0))
            }
        }
        io.sockets.on("kick") { (socket: Socket, _: SIOArguments, _: SocketAck?) in socket.disconnect() }
        io.sockets.on("drop") { (socket: Socket, _: SIOArguments, _: SocketAck?) in socket.disconnect(close: true) }
        io.sockets.on("news") { (socket: Socket, _: SIOArguments, _: SocketAck?) in try? io.emit("news", "hello") }
        io.of("/private").use { socket in
            guard socket.handshake.auth["token"]?.stringValue == "secret" else {
                throw SocketConnectError("not authorized", data: ["retry": false])
            }
        }
        let server = EngineServer(host: "127.0.0.1", port: 0, service: io.engine)
        let address = try await server.start()
        let port = try #require(address.port)
        defer { Task { await server.shutdown() } }

        var configuration = SocketIOClientConfiguration(host: "127.0.0.1", port: port)
        configuration.transports = transports
        configuration.reconnectionDelay = .milliseconds(50)
        configuration.reconnectionDelayMax = .milliseconds(100)
        let manager = SocketIOManager(configuration: configuration)
        let socket = await manager.socket()
        let echoes = socket.events("echo")
        let answers = socket.events("answer")
        let news = socket.events("news")
        socket.on("question") { arguments, ack in try? ack(Array(((try? arguments.decode([UInt8].self, at: 0)) ?? []).reversed())) }
        try await socket.connect()
        #expect(socket.id?.utf8.count == EngineSessionID.defaultLength)
        try socket.emit("echo", "a", [UInt8]([9, 8]), 3)
        var iterator = echoes.makeAsyncIterator()
        let echo = try #require(await iterator.next())
        let (a, bytes, three) = try echo.arguments.decode(String.self, [UInt8].self, Int.self)
        #expect(a == "a" && bytes == [9, 8] && three == 3)
        let acked = try await socket.emitWithAck("echo", [UInt8]([4]), "x")
        let (four, x) = try acked.decode([UInt8].self, String.self)
        #expect(four == [4] && x == "x")
        try socket.emit("ask")
        var answerIterator = answers.makeAsyncIterator()
        #expect(try #require(await answerIterator.next()).arguments.decode([UInt8].self, at: 0) == [3, 2, 1])

        let privateSocket = await manager.socket(namespace: "/private", auth: ["token": "nope"])
        let error = await #expect(throws: SocketIOClientError.connectError) { try await privateSocket.connect() }
        #expect(error?.message == "not authorized")
        #expect(error?.data == ["retry": false])
        privateSocket.auth = ["token": "secret"]
        try await privateSocket.connect()
        #expect(privateSocket.connected)

        // Recovery: a broadcast carries an offset; a dropped connection reconnects and recovers.
        try socket.emit("news")
        var newsIterator = news.makeAsyncIterator()
        let item = try #require(await newsIterator.next())
        #expect(item.arguments.count == 2)
        let connects = Collected<Bool>()
        socket.onConnect { connects.append(socket.recovered) }
        await manager.dropConnection()
        let deadline = ContinuousClock.now + .seconds(20)
        while connects.count < 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(connects.all == [true])
        while !privateSocket.connected, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(privateSocket.connected)

        let reasons = Collected<SocketIODisconnectReason>()
        socket.onDisconnect { reasons.append($0) }
        try socket.emit("kick")
        while reasons.count < 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(reasons.all == [.serverDisconnect])
        await manager.close()
    }
}

/// Values appended from handlers on other threads.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    init() {}
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
    var count: Int { values.withLock { $0.count } }
}
