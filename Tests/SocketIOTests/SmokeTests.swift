import NIOPosix
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing
import Transports

@Suite struct SmokeTests {
    @Test func connectsAndAcks() async throws {
        let server = TestServer()
        server.io.sockets.on("echo") { (_: Socket, arguments: SIOArguments, ack: SocketAck?) in
            ack?.send(arguments: arguments)
        }
        let client = try await server.client()
        let id = try await client.connect()
        #expect(id.utf8.count == EngineSessionID.defaultLength)
        client.send(#"421["echo",1,"two",{"3":[true]}]"#)
        #expect(try await client.receiveText() == #"431[1,"two",{"3":[true]}]"#)
    }
}

@Suite struct ProtocolV4Tests {
    @Test func engineIOv3ClientIsConnectedToTheMainNamespaceAtOnce() async throws {
        let server = TestServer { $0.engine.allowEIO3 = true }
        server.io.sockets.on("echo") { (_: Socket, arguments: SIOArguments, ack: SocketAck?) in
            ack?.send(arguments: arguments)
        }
        let client = try await SocketIOTestConnection.open(
            server.io.engine, eventLoop: testGroup.next(), answersPings: false, engineIOVersion: 3)
        #expect(try await client.receiveText() == "40")
        client.send(#"427["echo","v4"]"#)
        #expect(try await client.receiveText() == #"437["v4"]"#)
    }
}

@Suite struct RegexNamespaceTests {
    @Test func aRegularExpressionNamesAFamilyOfNamespaces() async throws {
        let server = TestServer()
        let rooms = server.io.of(matching: try Regex<Substring>("/room-[0-9]+"))
        rooms.on("where") { (socket: Socket, _: SIOArguments, ack: SocketAck?) in ack?(socket.namespace.name) }
        let client = try await server.client()
        _ = try await client.connect(namespace: "/room-42")
        client.send(#"42/room-42,1["where"]"#)
        #expect(try await client.receiveText() == #"43/room-42,1["/room-42"]"#)
        client.send("40/room-x,")
        #expect(try await client.receiveText() == #"44/room-x,{"message":"Invalid namespace"}"#)
    }
}

@Suite struct JoinNowTests {
    @Test func joinNowJoinsBeforeReturningAndNotAfterTheSocketLeft() async throws {
        let server = TestServer()
        let left = Recorder<Socket>()
        server.io.sockets.on("join") { (socket: Socket, room: String, ack: SocketAck?) in
            #expect(socket.joinNow(room))
            ack?(socket.namespace.countNow(in: [room]) ?? -1)
        }
        server.io.sockets.onDisconnect { socket, _ in left.append(socket) }
        let client = try await server.client()
        let id = try await client.connect()
        client.send(#"421["join","now"]"#)
        #expect(try await client.receiveText() == "431[1]")
        #expect(server.io.sockets.socket(id: id)?.rooms == [id, "now"])
        client.send("41")
        let socket = try await left.first()
        #expect(socket.joinNow("late"))
        #expect(server.io.sockets.countNow(in: ["late"]) == 0)
        #expect(server.io.sockets.countNow(in: ["now"]) == 0)
    }
}
