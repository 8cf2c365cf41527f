import Adapters
import NIOCore
import NIOHTTP1
import SIOParser
import SIOParserNIO
@testable import SocketIO
import SocketIOTesting
import Testing
import Transports

/// An error that is not a `SocketConnectError`: the client sees its description.
struct Forbidden: Error, CustomStringConvertible {
    var description: String { "forbidden here" }
}

@Suite struct ConnectionMiddlewareTests {
    @Test func middlewareRunsInOrderBeforeConnectionHandlers() async throws {
        let server = TestServer()
        let steps = Recorder<String>()
        server.io.use { _ in steps.append("first") }
        server.io.use { _ in
            for _ in 0..<50 { await Task.yield() }
            steps.append("second (async)")
        }
        server.io.use { _ in steps.append("third") }
        server.io.onConnection { (_: Socket) in steps.append("connection") }
        let client = try await server.client()
        _ = try await client.connect()
        #expect(try await steps.wait(count: 4) == ["first", "second (async)", "third", "connection"])
    }

    @Test func middlewareCanSetDataSeenByHandlers() async throws {
        let server = TestServer()
        server.io.use { socket in socket.data = ["user": "ada"] }
        server.io.onConnection { (socket: Socket) in try? socket.emit("me", socket.data) }
        let client = try await server.client()
        _ = try await client.connect()
        #expect(try await client.receiveText() == #"42["me",{"user":"ada"}]"#)
    }

    @Test func connectErrorCarriesMessageAndData() async throws {
        let server = TestServer()
        let later = Recorder<String>()
        server.io.use { socket in
            guard socket.handshake.auth["token"] == "good" else {
                throw SocketConnectError("not authorized", data: ["content": "Please retry later", "code": 42])
            }
        }
        server.io.use { socket in later.append(socket.id) }
        let client = try await server.client()
        client.send(#"40{"token":"bad"}"#)
        #expect(
            try await client.receiveText()
                == #"44{"message":"not authorized","data":{"content":"Please retry later","code":42}}"#)
        #expect(later.values.isEmpty)
        #expect(server.io.sockets.socketCount == 0)
        // The connection stays usable: the same namespace accepts a later CONNECT.
        let id = try await client.connect(auth: #"{"token":"good"}"#)
        #expect(try await later.first() == id)
        #expect(client.closeCode == nil)
    }

    @Test func connectErrorWithoutData() async throws {
        let server = TestServer()
        server.io.of("/admin").use { _ in throw SocketConnectError("admins only") }
        let client = try await server.client()
        client.send("40/admin,")
        #expect(try await client.receiveText() == #"44/admin,{"message":"admins only"}"#)
    }

    @Test func anyOtherErrorSendsItsDescription() async throws {
        let server = TestServer()
        server.io.use { _ in throw Forbidden() }
        server.io.of("/open").onConnection { (_: Socket) in }
        let client = try await server.client()
        client.send("40")
        #expect(try await client.receiveText() == #"44{"message":"forbidden here"}"#)
        _ = try await client.connect(namespace: "/open")
        #expect(client.closeCode == nil)
    }

    @Test func refusedSocketGetsNoEvents() async throws {
        let server = TestServer()
        let calls = Recorder<String>()
        server.io.use { _ in throw SocketConnectError("no") }
        server.io.sockets.on("hello") { (_: Socket, _: SIOArguments, _: SocketAck?) in calls.append("hello") }
        server.io.of("/ok").on("done") { (socket: Socket, _: SIOArguments, ack: SocketAck?) in ack?() }
        let client = try await server.client()
        client.send("40")
        #expect(try await client.receiveText() == #"44{"message":"no"}"#)
        _ = try await client.connect(namespace: "/ok")
        // An event for the refused namespace is a protocol violation: the connection closes, nothing dispatched.
        client.send(#"42["hello"]"#)
        try await client.waitForClose()
        #expect(calls.values.isEmpty)
    }
}

extension ConnectionMiddlewareTests {
    @Test func roomsJoinedByRefusingMiddlewareAreLeft() async throws {
        // The reference cleans up a refused socket: rooms joined in middleware do not keep it in the adapter.
        let server = TestServer()
        server.io.use { socket in
            await socket.join("vip")
            throw SocketConnectError("no")
        }
        let client = try await server.client()
        client.send("40")
        #expect(try await client.receiveText() == #"44{"message":"no"}"#)
        #expect(await server.io.sockets.adapter.sockets(in: ["vip"]).isEmpty)
        #expect(await server.io.sockets.adapter.sockets(in: []).isEmpty)
    }

    @Test func roomsJoinedByAcceptingMiddlewareAreKept() async throws {
        let server = TestServer()
        server.io.use { socket in await socket.join("vip") }
        let sockets = server.recordSockets()
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        #expect(socket.rooms == [socket.id, "vip"])
        try server.io.to("vip").emit("welcome")
        #expect(try await client.receiveText() == #"42["welcome"]"#)
    }

    @Test func disconnectInMiddlewareDoesNothing() async throws {
        // As in the reference (`disconnect` returns at once while the socket is not connected yet).
        let server = TestServer()
        server.io.use { socket in socket.disconnect() }
        let left = Recorder<String>()
        server.io.sockets.onDisconnect { socket, _ in left.append(socket.id) }
        let client = try await server.client()
        client.send("40")
        let answer = try await client.receiveText()
        #expect(answer.hasPrefix(#"40{"sid":"#))
        #expect(server.io.sockets.socketCount == 1)
        client.send("41")
        try await left.wait()
        #expect(server.io.sockets.socketCount == 0)
    }
}

@Suite struct HandshakeTests {
    @Test func handshakeFields() async throws {
        let server = TestServer { $0.engine.cors.origins = .any }
        let sockets = server.recordSockets()
        let before = SocketHandshake.nowMilliseconds()
        let client = try await server.client(
            query: "&room=lobby&name=a%20b", headers: ["Origin": "https://example.com", "X-Custom": "yes"])
        _ = try await client.connect(auth: #"{"token":"abc","n":1}"#)
        let after = SocketHandshake.nowMilliseconds()
        let handshake = try await sockets.first().handshake
        #expect(handshake.query["room"] == "lobby")
        #expect(handshake.query["name"] == "a b")
        #expect(handshake.query["EIO"] == "4")
        #expect(handshake.query["transport"] == "websocket")
        #expect(handshake.headers.first(name: "x-custom") == "yes")
        #expect(handshake.auth == ["token": "abc", "n": 1])
        #expect(handshake.address == "127.0.0.1")
        #expect(handshake.url == "/socket.io/?EIO=4&transport=websocket&room=lobby&name=a%20b")
        #expect(handshake.xdomain)
        #expect(!handshake.secure)
        #expect(handshake.issued >= before && handshake.issued <= after)
        #expect(handshake.time == SocketHandshake.javaScriptDate(milliseconds: handshake.issued))
        let json = handshake.jsonValue
        #expect(json["headers"]?["x-custom"] == "yes")
        #expect(json["query"]?["room"] == "lobby")
        #expect(json["auth"] == ["token": "abc", "n": 1])
        #expect(json["issued"] == .int(handshake.issued))
    }

    @Test func handshakeWithoutOriginOrAuth() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let client = try await server.client()
        _ = try await client.connect()
        let handshake = try await sockets.first().handshake
        #expect(!handshake.xdomain)
        #expect(handshake.auth == .object([:]))
    }

    @Test(arguments: [
        (Int64(0), "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)"),
        (Int64(951_782_400_000), "Tue Feb 29 2000 00:00:00 GMT+0000 (Coordinated Universal Time)"),
        (Int64(1_795_314_244_999), "Sun Nov 22 2026 02:24:04 GMT+0000 (Coordinated Universal Time)"),
        (Int64(-1), "Wed Dec 31 1969 23:59:59 GMT+0000 (Coordinated Universal Time)"),
    ])
    func timeIsFormattedLikeJavaScript(milliseconds: Int64, expected: String) {
        #expect(SocketHandshake.javaScriptDate(milliseconds: milliseconds) == expected)
    }
}
