import Adapters
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing
import Transports

/// Socket.IO v2 clients (Engine.IO v3, protocol v4), served with `allowEIO3`, as the reference does.
@Suite struct LegacyProtocolTests {
    func legacyServer() -> TestServer {
        TestServer { $0.engine.allowEIO3 = true }
    }

    @Test func mainNamespaceIsJoinedAutomatically() async throws {
        let server = legacyServer()
        let sockets = server.recordSockets()
        let client = try await server.client(engineIOVersion: 3)
        // The reference connects a v3 client to "/" as soon as it opens, with a bare CONNECT.
        #expect(try await client.receiveText() == "40")
        let socket = try await sockets.first()
        #expect(socket.id == client.sid)
        try socket.emit("hi", 1)
        #expect(try await client.receiveText() == #"42["hi",1]"#)
    }

    @Test func customNamespaceAnswersWithoutPayload() async throws {
        let server = legacyServer()
        let sockets = server.recordSockets("/chat")
        let client = try await server.client(engineIOVersion: 3)
        #expect(try await client.receiveText() == "40")
        client.send("40/chat,")
        #expect(try await client.receiveText() == "40/chat,")
        #expect(try await sockets.first().id == "/chat#" + client.sid)
    }

    @Test func connectErrorCarriesDataOrMessage() async throws {
        let server = legacyServer()
        server.io.of("/data").use { _ in throw SocketConnectError("refused", data: ["code": 1]) }
        server.io.of("/message").use { _ in throw SocketConnectError("refused") }
        let client = try await server.client(engineIOVersion: 3)
        #expect(try await client.receiveText() == "40")
        client.send("40/data,")
        #expect(try await client.receiveText() == #"44/data,{"code":1}"#)
        client.send("40/message,")
        #expect(try await client.receiveText() == #"44/message,"refused""#)
    }

    @Test func connectQueryIsTheAuth() async throws {
        let server = legacyServer()
        let sockets = server.recordSockets("/chat")
        let client = try await server.client(engineIOVersion: 3)
        #expect(try await client.receiveText() == "40")
        client.send("40/chat?token=abc&n=1,")
        #expect(try await client.receiveText() == "40/chat,")
        #expect(try await sockets.first().handshake.auth == ["n": "1", "token": "abc"])
    }

    @Test func eventsAndAcksUseTheV4Encoding() async throws {
        let server = legacyServer()
        server.io.sockets.on("echo") { (_: Socket, arguments: SIOArguments, ack: SocketAck?) in
            ack?.send(arguments: arguments)
        }
        let client = try await server.client(engineIOVersion: 3)
        #expect(try await client.receiveText() == "40")
        client.send(#"421["echo",{"a":1}]"#)
        #expect(try await client.receiveText() == #"431[{"a":1}]"#)
    }
}
