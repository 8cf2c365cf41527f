import NIOPosix
import SIOParser
import SocketIO
import SocketIOTesting
import Testing
import Transports

/// The example of docs/SOCKETIO.md and the README, compiled and run over an in-memory connection.
@Suite struct DocumentationExampleTests {
    struct Chat: Codable { var room: String; var text: String }

    static func makeServer() -> SocketIOServer {
        let io = SocketIOServer()
        io.use { socket in
            guard socket.handshake.auth["token"]?.stringValue == "secret" else {
                throw SocketConnectError("not authorized", data: ["retry": false])
            }
        }
        io.sockets.on("chat") { (socket: Socket, message: Chat, ack: SocketAck?) in
            try? socket.to(message.room).emit("chat", message)
            ack?("delivered")
        }
        io.sockets.on("join") { (socket: Socket, room: String, ack: SocketAck?) async in
            await socket.join(room)
            let size = await socket.namespace.count(in: [room])
            ack?(size)
        }
        return io
    }

    @Test func exampleRuns() async throws {
        let io = Self.makeServer()
        let loop = testGroup.next()
        let refused = try await SocketIOTestConnection.open(io.engine, eventLoop: loop)
        refused.send(#"40{"token":"wrong"}"#)
        #expect(try await refused.receiveText() == #"44{"message":"not authorized","data":{"retry":false}}"#)

        let alice = try await SocketIOTestConnection.open(io.engine, eventLoop: loop)
        _ = try await alice.connect(auth: #"{"token":"secret"}"#)
        let bob = try await SocketIOTestConnection.open(io.engine, eventLoop: testGroup.next())
        _ = try await bob.connect(auth: #"{"token":"secret"}"#)
        bob.send(#"421["join","lobby"]"#)
        #expect(try await bob.receiveText() == "431[1]")
        alice.send(#"422["chat",{"room":"lobby","text":"hi"}]"#)
        #expect(try await alice.receiveText() == #"432["delivered"]"#)
        #expect(try await bob.receiveText() == #"42["chat",{"room":"lobby","text":"hi"}]"#)
    }
}
