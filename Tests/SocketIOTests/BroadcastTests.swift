import Adapters
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing
import Transports

/// Three clients connected to the main namespace, alternating between the two test loops.
struct Trio {
    let server: TestServer
    let clients: [SocketIOTestConnection]
    let sockets: [Socket]

    init(namespace: String = "/", count: Int = 3) async throws {
        server = TestServer()
        let recorder = server.recordSockets(namespace)
        var clients: [SocketIOTestConnection] = []
        var sockets: [Socket] = []
        for index in 0..<count {
            let client = try await server.client(loop: index)
            let id = try await client.connect(namespace: namespace)
            clients.append(client)
            let all = try await recorder.wait(count: index + 1)
            sockets.append(try #require(all.first { $0.id == id }))
        }
        self.clients = clients
        self.sockets = sockets
    }

    /// Sends `end` to everyone, then checks that each client got exactly `expected[i]` (nil: nothing) before it.
    func expectDelivered(_ expected: [String?], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try server.io.of(sockets[0].namespace.name).emit("end")
        let prefix = sockets[0].namespace.name == "/" ? "42" : "42\(sockets[0].namespace.name),"
        for (client, frame) in zip(clients, expected) {
            if let frame {
                #expect(try await client.receiveText() == frame, sourceLocation: sourceLocation)
            }
            #expect(try await client.receiveText() == prefix + #"["end"]"#, sourceLocation: sourceLocation)
        }
    }
}

@Suite struct BroadcastTests {
    @Test func emitToEveryone() async throws {
        let trio = try await Trio()
        try trio.server.io.emit("news", 1, "a")
        let frame = #"42["news",1,"a"]"#
        try await trio.expectDelivered([frame, frame, frame])
    }

    @Test func emitToRoom() async throws {
        let trio = try await Trio()
        await trio.sockets[0].join("r")
        await trio.sockets[2].join("r", "other")
        try trio.server.io.to("r").emit("m", 1)
        try await trio.expectDelivered([#"42["m",1]"#, nil, #"42["m",1]"#])
        #expect(trio.sockets[2].rooms == [trio.sockets[2].id, "r", "other"])
    }

    @Test func emitToASocketIdRoom() async throws {
        let trio = try await Trio()
        try trio.server.io.to(trio.sockets[1].id).emit("private")
        try await trio.expectDelivered([nil, #"42["private"]"#, nil])
    }

    @Test func exceptRoom() async throws {
        let trio = try await Trio()
        await trio.sockets[1].join("muted")
        try trio.server.io.except("muted").emit("m")
        try await trio.expectDelivered([#"42["m"]"#, nil, #"42["m"]"#])
        try trio.server.io.to("muted").except("muted").emit("nobody")
        try await trio.expectDelivered([nil, nil, nil])
    }

    @Test func socketBroadcastLeavesTheSenderOut() async throws {
        let trio = try await Trio()
        try trio.sockets[0].broadcast.emit("b", true)
        try await trio.expectDelivered([nil, #"42["b",true]"#, #"42["b",true]"#])
    }

    @Test func socketToRoomLeavesTheSenderOut() async throws {
        let trio = try await Trio()
        for socket in trio.sockets { await socket.join("r") }
        try trio.sockets[1].to("r").emit("hi")
        try await trio.expectDelivered([#"42["hi"]"#, nil, #"42["hi"]"#])
        try trio.sockets[1].except("r").emit("nobody")
        try await trio.expectDelivered([nil, nil, nil])
    }

    @Test func multipleRoomsDeliverOneCopy() async throws {
        let trio = try await Trio()
        await trio.sockets[0].join("a", "b")
        await trio.sockets[1].join("b")
        try trio.server.io.to("a", "b").emit("once")
        try await trio.expectDelivered([#"42["once"]"#, #"42["once"]"#, nil])
    }

    @Test func chainedRoomsDeliverOneCopy() async throws {
        let trio = try await Trio()
        await trio.sockets[0].join("a", "b")
        try trio.server.io.to("a").in("b").emit("chained")
        try await trio.expectDelivered([#"42["chained"]"#, nil, nil])
    }

    @Test func leaveStopsDelivery() async throws {
        let trio = try await Trio()
        await trio.sockets[0].join("r")
        await trio.sockets[1].join("r")
        await trio.sockets[0].leave("r")
        try trio.server.io.to("r").emit("m")
        try await trio.expectDelivered([nil, #"42["m"]"#, nil])
        #expect(trio.sockets[0].rooms == [trio.sockets[0].id])
    }

    @Test func leftSocketsAreNotTargets() async throws {
        let trio = try await Trio()
        let left = Recorder<String>()
        trio.server.io.sockets.onDisconnect { socket, _ in left.append(socket.id) }
        for socket in trio.sockets { await socket.join("r") }
        trio.clients[1].send("41")
        try await left.wait()
        try await eventually("the adapter forgot the socket") {
            trio.server.io.sockets.socketCount == 2
        }
        try trio.server.io.to("r").emit("m")
        try trio.server.io.emit("end")
        #expect(try await trio.clients[0].receiveText() == #"42["m"]"#)
        #expect(try await trio.clients[2].receiveText() == #"42["m"]"#)
        #expect(try await trio.clients[0].receiveText() == #"42["end"]"#)
        #expect(await trio.clients[1].drain(for: .milliseconds(50)).isEmpty)
    }

    @Test func customNamespaceBroadcastStaysInItsNamespace() async throws {
        let trio = try await Trio(namespace: "/chat", count: 2)
        let main = try await trio.server.client()
        _ = try await main.connect()
        try trio.server.io.of("/chat").emit("x", 1)
        try trio.server.io.emit("y")
        try await trio.expectDelivered([#"42/chat,["x",1]"#, #"42/chat,["x",1]"#])
        #expect(try await main.receiveText() == #"42["y"]"#)
    }

    @Test func volatileEmitIsDeliveredToWritableClients() async throws {
        let trio = try await Trio()
        try trio.server.io.volatile.emit("v", 1)
        try await trio.expectDelivered([#"42["v",1]"#, #"42["v",1]"#, #"42["v",1]"#])
        try trio.sockets[0].volatile.emit("own")
        #expect(try await trio.clients[0].receiveText() == #"42["own"]"#)
    }

    @Test func binaryBroadcastSendsAttachmentsToEach() async throws {
        let trio = try await Trio(count: 2)
        try trio.server.io.emit("file", [UInt8]([7, 7]))
        for client in trio.clients {
            #expect(try await client.receiveText() == #"451-["file",{"_placeholder":true,"num":0}]"#)
            #expect(try await client.receive() == .binary([7, 7]))
        }
    }

    @Test func broadcastAcksAreCollectedFromEverySocket() async throws {
        let trio = try await Trio()
        async let answers = trio.server.io.timeout(.seconds(5)).emitWithAck("poll", "q")
        var ids: [Int] = []
        for (index, client) in trio.clients.enumerated() {
            let sent = try await client.receiveText()
            let id = try #require(sent.ackID)
            #expect(sent == #"42\#(id)["poll","q"]"#)
            ids.append(id)
            client.send(#"43\#(id)[\#(index)]"#)
        }
        #expect(Set(ids).count == 1)
        let collected = try await answers
        #expect(Set(collected.map { $0.values }) == [[0], [1], [2]])
    }

    @Test func broadcastAckTimeoutKeepsPartialAnswers() async throws {
        let trio = try await Trio()
        async let answers = trio.server.io.timeout(.seconds(2)).emitWithAck("poll")
        let sent = try await trio.clients[0].receiveText()
        trio.clients[0].send("43\(try #require(sent.ackID))[\"only\"]")
        _ = try await trio.clients[1].receiveText()
        _ = try await trio.clients[2].receiveText()
        do {
            _ = try await answers
            Issue.record("expected a timeout")
        } catch let error as BroadcastAckTimeout {
            #expect(error.responses.map(\.values) == [["only"]])
            #expect(error.expected == 3)
        }
    }

    @Test func broadcastAckToNobodyReturnsEmpty() async throws {
        let trio = try await Trio(count: 1)
        let answers = try await trio.server.io.to("empty-room").timeout(.seconds(5)).emitWithAck("poll")
        #expect(answers.isEmpty)
    }

    @Test func broadcastAckNeedsATimeout() async throws {
        let trio = try await Trio(count: 1)
        await #expect(throws: SocketIOError.missingTimeout) { _ = try await trio.server.io.emitWithAck("poll") }
    }

    @Test func roomBroadcastAckCountsOnlyTargets() async throws {
        let trio = try await Trio()
        await trio.sockets[2].join("r")
        async let answers = trio.server.io.to("r").timeout(.seconds(5)).emitWithAck("poll")
        let sent = try await trio.clients[2].receiveText()
        trio.clients[2].send("43\(try #require(sent.ackID))[true]")
        #expect(try await answers.map(\.values) == [[true]])
    }

    @Test func serverSideEmitOnOneNode() async throws {
        let server = TestServer()
        let heard = Recorder<String>()
        server.io.sockets.onServerSideEmit("sync") { _, _ in heard.append("sync") }
        try await server.io.serverSideEmit("sync", 1)
        let answers = try await server.io.serverSideEmitWithAck("sync", 1, timeout: .milliseconds(100))
        #expect(answers.isEmpty)
        #expect(heard.values.isEmpty)
        await #expect(throws: SocketIOError.reservedEventName) { try await server.io.serverSideEmit("connect") }
    }
}
