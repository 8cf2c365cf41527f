import Adapters
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing
import Transports

/// What the lifecycle handlers of one socket saw.
struct Departure: Sendable, Equatable {
    var stage: String
    var reason: DisconnectReason
    var rooms: Set<Room>
    var connected: Bool
}

/// A server whose main-namespace sockets join "lobby" (in middleware) and report their departure, and one connected
/// client.
struct Lifecycle {
    let server: TestServer
    let client: SocketIOTestConnection
    let socket: Socket
    let departures = Recorder<Departure>()

    init(answersPings: Bool = true, _ configure: (inout SocketIOServerOptions) -> Void = { _ in }) async throws {
        server = TestServer(configure)
        let departures = departures
        let sockets = server.recordSockets()
        // Registered before any client exists, so that even a socket that leaves at once (a short ping timeout
        // on a loaded machine) reports its departure.
        server.io.use { socket in await socket.join("lobby") }
        server.io.sockets.onDisconnecting { socket, reason in
            departures.append(
                Departure(stage: "disconnecting", reason: reason, rooms: socket.rooms, connected: socket.connected))
        }
        server.io.sockets.onDisconnect { socket, reason in
            departures.append(
                Departure(stage: "disconnect", reason: reason, rooms: socket.rooms, connected: socket.connected))
        }
        client = try await server.client(answersPings: answersPings)
        _ = try await client.connect()
        socket = try await sockets.first()
    }

    /// Waits for both handlers and checks the reason, the rooms seen while disconnecting, and the order.
    func expectDeparture(_ reason: DisconnectReason, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let seen = try await departures.wait(count: 2)
        #expect(seen.map(\.stage) == ["disconnecting", "disconnect"], sourceLocation: sourceLocation)
        #expect(seen.map(\.reason) == [reason, reason], sourceLocation: sourceLocation)
        #expect(seen[0].rooms == [socket.id, "lobby"], sourceLocation: sourceLocation)
        // As in the reference, the socket has left every room by the time `disconnect` handlers run.
        #expect(seen[1].rooms.isEmpty, sourceLocation: sourceLocation)
        #expect(seen[1].connected == false, sourceLocation: sourceLocation)
        #expect(server.io.sockets.socketCount == 0, sourceLocation: sourceLocation)
    }
}

@Suite struct DisconnectTests {
    @Test func clientNamespaceDisconnect() async throws {
        let life = try await Lifecycle()
        life.client.send("41")
        try await life.expectDeparture(.clientNamespaceDisconnect)
        #expect(life.departures.values.count == 2)
        // The Engine.IO connection stays open and can connect again.
        _ = try await life.client.connect()
        #expect(life.client.closeCode == nil)
    }

    @Test func serverNamespaceDisconnect() async throws {
        let life = try await Lifecycle()
        life.socket.disconnect()
        #expect(try await life.client.receiveText() == "41")
        try await life.expectDeparture(.serverNamespaceDisconnect)
        #expect(life.client.closeCode == nil)
        // Later emits to the socket are dropped.
        try life.socket.emit("gone")
        life.client.send("40")
        #expect(try await life.client.receiveText().hasPrefix("40{"))
    }

    @Test func serverNamespaceDisconnectInCustomNamespace() async throws {
        let server = TestServer()
        let sockets = server.recordSockets("/chat")
        let client = try await server.client()
        _ = try await client.connect()
        _ = try await client.connect(namespace: "/chat")
        try await sockets.first().disconnect()
        #expect(try await client.receiveText() == "41/chat,")
        #expect(server.io.sockets.socketCount == 1)
    }

    @Test func disconnectWithCloseClosesTheConnection() async throws {
        // As in the reference (`client._disconnect()`): every socket of the connection gets DISCONNECT and leaves
        // with "server namespace disconnect", then the Engine.IO connection closes.
        let life = try await Lifecycle()
        let chat = Recorder<DisconnectReason>()
        life.server.io.of("/chat").onDisconnect { _, reason in chat.append(reason) }
        _ = try await life.client.connect(namespace: "/chat")
        life.socket.disconnect(close: true)
        let frames = [try await life.client.receiveText(), try await life.client.receiveText()]
        #expect(Set(frames) == ["41", "41/chat,"])
        try await life.client.waitForClose()
        try await life.expectDeparture(.serverNamespaceDisconnect)
        #expect(try await chat.first() == .serverNamespaceDisconnect)
    }

    @Test func forcedCloseOfTheEngineSession() async throws {
        let life = try await Lifecycle()
        life.socket.engineSession.close()
        try await life.client.waitForClose()
        try await life.expectDeparture(.forcedClose)
    }

    @Test func transportClose() async throws {
        let life = try await Lifecycle()
        life.client.disconnect()
        try await life.expectDeparture(.transportClose)
        try await eventually("the session gone") { life.server.io.clientsCount == 0 }
    }

    @Test(arguments: ["4abc", "42{}", #"42["unterminated"#, "49", "43"])
    func parseError(packet: String) async throws {
        let life = try await Lifecycle()
        life.client.send(packet)
        try await life.client.waitForClose()
        try await life.expectDeparture(.parseError)
    }

    @Test func connectErrorPacketFromClientIsAParseError() async throws {
        let life = try await Lifecycle()
        life.client.send(#"44{"message":"x"}"#)
        try await life.client.waitForClose()
        try await life.expectDeparture(.parseError)
    }

    @Test func serverShuttingDown() async throws {
        let life = try await Lifecycle()
        await life.server.io.close()
        try await life.client.waitForClose()
        try await life.expectDeparture(.serverShuttingDown)
    }

    @Test func pingTimeout() async throws {
        let life = try await Lifecycle {
            $0.engine.pingInterval = .milliseconds(300)
            $0.engine.pingTimeout = .milliseconds(200)
        }
        // Pings were answered while connecting, however slowly the machine ran; from now on none is.
        life.client.stopAnsweringPings()
        try await life.client.waitForClose()
        try await life.expectDeparture(.pingTimeout)
    }

    @Test func answeredPingsKeepTheSocket() async throws {
        let life = try await Lifecycle {
            $0.engine.pingInterval = .milliseconds(30)
            $0.engine.pingTimeout = .seconds(2)
        }
        // Several ping rounds pass (answered by the test connection) while the client waits for this event.
        let deadline = ContinuousClock.now + .milliseconds(300)
        while ContinuousClock.now < deadline {
            try life.socket.emit("tick")
            #expect(try await life.client.receiveText() == #"42["tick"]"#)
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(life.departures.values.isEmpty)
        #expect(life.socket.connected)
    }

    @Test func disconnectHandlersRunOnceAndDisconnectIsIdempotent() async throws {
        let life = try await Lifecycle()
        life.socket.disconnect()
        life.socket.disconnect()
        life.socket.disconnect(close: true)
        #expect(try await life.client.receiveText() == "41")
        try await life.expectDeparture(.serverNamespaceDisconnect)
        life.client.send("40")
        #expect(try await life.client.receiveText().hasPrefix("40{"))
        #expect(life.departures.values.count == 2)
        #expect(life.client.closeCode == nil)
    }

    @Test func namespaceLevelLifecycleHandlers() async throws {
        let server = TestServer()
        let seen = Recorder<String>()
        server.io.sockets.onDisconnecting { socket, reason in
            seen.append("disconnecting \(reason) \(socket.rooms.count)")
        }
        server.io.sockets.onDisconnect { socket, reason in seen.append("disconnect \(reason) \(socket.rooms.count)") }
        let client = try await server.client()
        _ = try await client.connect()
        client.send("41")
        #expect(
            try await seen.wait(count: 2)
                == ["disconnecting client namespace disconnect 1", "disconnect client namespace disconnect 0"])
    }

    @Test func joinAfterDisconnectDoesNothing() async throws {
        let server = TestServer()
        let gate = Gate()
        let joined = Recorder<Set<Room>>()
        server.io.onConnection { (socket: Socket) async throws in
            await gate.wait()
            // The client left meanwhile: like the reference (`join = noop` after cleanup), nothing is joined.
            await socket.join("late")
            joined.append(socket.rooms)
        }
        let left = Recorder<String>()
        server.io.sockets.onDisconnect { socket, _ in left.append(socket.id) }
        let client = try await server.client()
        _ = try await client.connect()
        client.send("41")
        try await left.wait()
        gate.open()
        #expect(try await joined.first().isEmpty)
        #expect(await server.io.sockets.adapter.sockets(in: ["late"]).isEmpty)
        #expect(await server.io.sockets.adapter.sockets(in: []).isEmpty)
    }

    @Test func unexpectedBinaryMessageIsAParseError() async throws {
        let life = try await Lifecycle()
        life.client.send(binary: [1, 2, 3])
        try await life.client.waitForClose()
        try await life.expectDeparture(.parseError)
    }

    @Test func tooManyAttachmentsIsAParseError() async throws {
        let life = try await Lifecycle { $0.maxAttachments = 2 }
        let placeholders = (0..<3).map { #"{"_placeholder":true,"num":\#($0)}"# }.joined(separator: ",")
        life.client.send(#"453-["e",\#(placeholders)]"#)
        try await life.client.waitForClose()
        try await life.expectDeparture(.parseError)
    }

    @Test func disconnectFromASyncConnectionHandler() async throws {
        let server = TestServer()
        let calls = Recorder<String>()
        server.io.onConnection { (socket: Socket) in
            socket.on("e") { (_: SIOArguments, _: SocketAck?) in calls.append("e") }
            socket.disconnect()
        }
        server.io.sockets.onDisconnect { _, reason in calls.append("\(reason)") }
        let client = try await server.client()
        client.send("40")
        client.send(#"42["e"]"#)
        #expect(try await client.receiveText().hasPrefix(#"40{"sid":"#))
        #expect(try await client.receiveText() == "41")
        #expect(try await calls.wait(count: 1) == ["server namespace disconnect"])
        #expect(server.io.sockets.socketCount == 0)
    }
}
