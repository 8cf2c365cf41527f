import Adapters
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing
import Transports

/// Server operations on matching sockets, through the in-memory adapter.
@Suite struct AdapterOperationTests {
    @Test
    func fetchSocketsReturnsLocalSocketsWithDetails() async throws {
        let trio = try await Trio()
        await trio.sockets[1].join("r")
        trio.sockets[1].data = ["n": 1]
        let all = try await trio.server.io.fetchSockets()
        #expect(Set(all.map(\.id)) == Set(trio.sockets.map(\.id)))
        let inRoom = try await trio.server.io.in("r").fetchSockets()
        #expect(inRoom.map(\.id) == [trio.sockets[1].id])
        #expect(inRoom.first?.rooms == [trio.sockets[1].id, "r"])
        #expect(inRoom.first?.data == ["n": 1])
    }

    @Test
    func socketsJoinAndLeave() async throws {
        let trio = try await Trio()
        await trio.sockets[0].join("a")
        await trio.server.io.in("a").socketsJoin("b")
        #expect(trio.sockets[0].rooms.contains("b"))
        #expect(!trio.sockets[1].rooms.contains("b"))
        await trio.server.io.socketsJoin("all")
        try trio.server.io.to("all").emit("m")
        try await trio.expectDelivered([#"42["m"]"#, #"42["m"]"#, #"42["m"]"#])
        await trio.server.io.socketsLeave("all")
        try trio.server.io.to("all").emit("m")
        try await trio.expectDelivered([nil, nil, nil])
    }

    @Test
    func disconnectSocketsInRoom() async throws {
        let trio = try await Trio()
        await trio.sockets[2].join("kick")
        await trio.server.io.in("kick").disconnectSockets()
        #expect(try await trio.clients[2].receiveText() == "41")
        try await eventually("the socket left") { trio.server.io.sockets.socketCount == 2 }
        await trio.server.io.disconnectSockets(close: true)
        try await trio.clients[0].waitForClose()
        try await trio.clients[1].waitForClose()
    }

    @Test func remoteSocketHandles() async throws {
        let trio = try await Trio()
        let reasons = Recorder<DisconnectReason>()
        trio.server.io.sockets.onDisconnect { _, reason in reasons.append(reason) }
        let fetched = try await trio.server.io.to(trio.sockets[1].id).fetchSockets()
        let remote = try #require(fetched.first)
        #expect(fetched.count == 1)
        #expect(remote.local === trio.sockets[1])
        #expect(remote.handshake["address"] == "127.0.0.1")
        try remote.emit("direct", 1)
        try await trio.expectDelivered([nil, #"42["direct",1]"#, nil])
        await remote.join("x", "y")
        #expect(trio.sockets[1].rooms == [trio.sockets[1].id, "x", "y"])
        await remote.leave("x")
        #expect(trio.sockets[1].rooms == [trio.sockets[1].id, "y"])
        await remote.disconnect()
        #expect(try await trio.clients[1].receiveText() == "41")
        #expect(try await reasons.first() == .serverNamespaceDisconnect)
        #expect(trio.clients[1].closeCode == nil)
    }

    @Test func fetchSocketsExceptAndInCustomNamespace() async throws {
        let trio = try await Trio(namespace: "/chat")
        await trio.sockets[0].join("muted")
        let fetched = try await trio.server.io.of("/chat").except("muted").fetchSockets()
        #expect(Set(fetched.map(\.id)) == [trio.sockets[1].id, trio.sockets[2].id])
        #expect(try await trio.server.io.fetchSockets().isEmpty)
    }

    @Test func fetchedDataIsTheSocketsData() async throws {
        let trio = try await Trio(count: 1)
        trio.sockets[0].data = ["user": "ada"]
        let fetched = try await trio.server.io.fetchSockets()
        #expect(fetched.map(\.data) == [["user": "ada"]])
    }

    @Test func disconnectSocketsReasonsAndCounts() async throws {
        let trio = try await Trio()
        let reasons = Recorder<DisconnectReason>()
        trio.server.io.sockets.onDisconnect { _, reason in reasons.append(reason) }
        await trio.sockets[0].join("kick")
        await trio.server.io.in("kick").disconnectSockets(close: true)
        try await trio.clients[0].waitForClose()
        #expect(try await reasons.first() == .serverNamespaceDisconnect)
        try await eventually("one socket gone") { trio.server.io.sockets.socketCount == 2 }
        #expect(trio.clients[1].closeCode == nil)
    }
}
