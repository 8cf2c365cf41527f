import Adapters
import NIOPosix
import SIOParser
import SocketIO
import SocketIOTesting
import Testing

/// Connection state recovery end to end: pid, offsets, restore with missed packets, and the refusals.
@Suite struct RecoveryTests {
    /// The string value of `key` in the JSON object that follows `prefix` in a packet.
    static func member(_ key: String, of packet: String, after prefix: String) throws -> String {
        let json = try JSONValue(parsing: String(packet.dropFirst(prefix.count)))
        return try #require(json[key]?.stringValue)
    }

    /// The last argument of an event packet (the offset).
    static func lastArgument(of packet: String) throws -> String {
        let json = try JSONValue(parsing: String(packet.dropFirst(2)))
        guard case .array(let elements) = json else { return "" }
        return try #require(elements.last?.stringValue)
    }

    static func makeServer() -> TestServer {
        let server = TestServer { $0.connectionStateRecovery = ConnectionStateRecoveryOptions() }
        server.io.sockets.on("join") { (socket: Socket, room: String, ack: SocketAck?) async in
            await socket.join(room)
            ack?(room)
        }
        server.io.onConnection { socket in
            try? socket.emit("welcome", socket.recovered)
        }
        return server
    }

    @Test func restoresIdRoomsAndMissedPackets() async throws {
        let server = Self.makeServer()
        let client = try await server.client()
        client.send("40")
        let connect = try await client.receiveText()
        let sid = try Self.member("sid", of: connect, after: "40")
        let pid = try Self.member("pid", of: connect, after: "40")
        #expect(try await client.receiveText() == #"42["welcome",false]"#)
        client.send(#"421["join","news"]"#)
        #expect(try await client.receiveText() == #"431["news"]"#)

        try server.io.to("news").emit("headline", 1)
        let first = try await client.receiveText()
        #expect(first.hasPrefix(#"42["headline",1,""#))
        let offset = try Self.lastArgument(of: first)

        client.disconnect()
        try await Task.sleep(for: .milliseconds(50))
        try server.io.to("news").emit("headline", 2)
        try server.io.to("other").emit("headline", 3)

        let again = try await server.client()
        again.send(#"40{"pid":"\#(pid)","offset":"\#(offset)"}"#)
        let reconnect = try await again.receiveText()
        #expect(try Self.member("sid", of: reconnect, after: "40") == sid)
        let missed = try await again.receiveText()
        #expect(missed.hasPrefix(#"42["headline",2,""#))
        #expect(try await again.receiveText() == #"42["welcome",true]"#)
        let socket = try #require(server.io.sockets.socket(id: sid))
        #expect(socket.recovered)
        #expect(socket.rooms == [sid, "news"])
    }

    @Test func unknownSessionGetsANewOne() async throws {
        let server = Self.makeServer()
        let client = try await server.client()
        client.send(#"40{"pid":"nobody","offset":"nothing"}"#)
        let connect = try await client.receiveText()
        #expect(try Self.member("pid", of: connect, after: "40") != "nobody")
        #expect(try await client.receiveText() == #"42["welcome",false]"#)
    }

    @Test func leavingOnPurposeIsNotRecoverable() async throws {
        let server = Self.makeServer()
        let client = try await server.client()
        client.send("40")
        let connect = try await client.receiveText()
        let pid = try Self.member("pid", of: connect, after: "40")
        _ = try await client.receiveText()
        try server.io.emit("tick", 1)
        let offset = try Self.lastArgument(of: try await client.receiveText())
        client.send("41")
        try await Task.sleep(for: .milliseconds(50))
        let again = try await server.client()
        again.send(#"40{"pid":"\#(pid)","offset":"\#(offset)"}"#)
        let reconnect = try await again.receiveText()
        #expect(try Self.member("pid", of: reconnect, after: "40") != pid)
    }
}
