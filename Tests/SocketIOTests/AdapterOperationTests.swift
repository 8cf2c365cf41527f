import Adapters
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing
import Transports

/// Server operations on matching sockets, which the first-cut in-memory adapter does not implement yet; the lead
/// enables these once the full adapter is merged.
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
}
