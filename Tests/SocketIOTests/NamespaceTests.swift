import Adapters
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing
import Transports

@Suite struct NamespaceTests {
    @Test func mainNamespaceAnswersConnectWithSocketID() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let client = try await server.client()
        client.send("40")
        let answer = try await client.receiveText()
        let socket = try await sockets.first()
        #expect(answer == #"40{"sid":"\#(socket.id)"}"#)
        #expect(socket.namespace.name == "/")
        #expect(socket.id != client.sid)
        #expect(server.io.sockets.socketCount == 1)
    }

    @Test func customNamespaceIsPrefixedOnTheWire() async throws {
        let server = TestServer()
        let sockets = server.recordSockets("/chat")
        server.io.of("/chat").on("hi") { (socket: Socket, _: SIOArguments, _: SocketAck?) in
            try? socket.emit("hello", "there")
        }
        let client = try await server.client()
        client.send("40/chat,")
        let answer = try await client.receiveText()
        let socket = try await sockets.first()
        #expect(answer == #"40/chat,{"sid":"\#(socket.id)"}"#)
        client.send(#"42/chat,["hi"]"#)
        #expect(try await client.receiveText() == #"42/chat,["hello","there"]"#)
        #expect(server.io.sockets.socketCount == 0)
    }

    @Test func ofAddsTheLeadingSlash() {
        let server = TestServer()
        #expect(server.io.of("admin") === server.io.of("/admin"))
        #expect(server.io.of("/admin").name == "/admin")
    }

    @Test func unknownNamespaceIsRefusedAndTheConnectionStaysOpen() async throws {
        let server = TestServer()
        let client = try await server.client()
        client.send("40/x,")
        #expect(try await client.receiveText() == #"44/x,{"message":"Invalid namespace"}"#)
        // Still usable: the main namespace connects on the same Engine.IO connection.
        _ = try await client.connect()
        #expect(client.closeCode == nil)
        // And the refused namespace can be tried again (it is not left "connecting").
        client.send("40/x,")
        #expect(try await client.receiveText() == #"44/x,{"message":"Invalid namespace"}"#)
    }

    @Test func unknownNamespaceWithParentsThatRefuseIsInvalid() async throws {
        let server = TestServer()
        _ = server.io.of(where: { name, _ in name.hasPrefix("/dyn-") })
        let client = try await server.client()
        client.send("40/other,")
        #expect(try await client.receiveText() == #"44/other,{"message":"Invalid namespace"}"#)
        #expect(client.closeCode == nil)
    }

    @Test func secondConnectToTheSameNamespaceClosesTheConnection() async throws {
        let server = TestServer()
        let reasons = Recorder<DisconnectReason>()
        server.io.sockets.onDisconnect { _, reason in reasons.append(reason) }
        let client = try await server.client()
        _ = try await client.connect()
        client.send("40")
        try await client.waitForClose()
        #expect(try await reasons.first() == .parseError)
    }

    @Test func dynamicNamespaceCreatesChildAndInheritsParent() async throws {
        let server = TestServer()
        let created = Recorder<String>()
        server.io.onNewNamespace { created.append($0.name) }
        let parent = server.io.of(where: { name, auth in
            name.hasPrefix("/dyn-") && auth["deny"] == nil
        })
        let middleware = Recorder<String>()
        parent.use { socket in middleware.append(socket.namespace.name) }
        parent.onConnection { (socket: Socket) in try? socket.emit("welcome", socket.namespace.name) }
        parent.on("ping") { (socket: Socket, _: SIOArguments, ack: SocketAck?) in ack?("pong", socket.namespace.name) }

        let client = try await server.client()
        _ = try await client.connect(namespace: "/dyn-1")
        #expect(try await client.receiveText() == #"42/dyn-1,["welcome","/dyn-1"]"#)
        client.send(#"42/dyn-1,5["ping"]"#)
        #expect(try await client.receiveText() == #"43/dyn-1,5["pong","/dyn-1"]"#)
        #expect(middleware.values == ["/dyn-1"])
        #expect(try await created.wait(count: 1) == ["/dyn-1"])
        #expect(parent.children.map(\.name) == ["/dyn-1"])
        #expect(parent.children.first?.parent === parent)

        // The matcher sees the auth payload.
        client.send(#"40/dyn-2,{"deny":true}"#)
        #expect(try await client.receiveText() == #"44/dyn-2,{"message":"Invalid namespace"}"#)

        // A second connection reuses the child.
        let other = try await server.client(loop: 1)
        _ = try await other.connect(namespace: "/dyn-1")
        #expect(try await other.receiveText() == #"42/dyn-1,["welcome","/dyn-1"]"#)
        #expect(parent.children.count == 1)
        #expect(parent.children.first?.socketCount == 2)
        #expect(created.values == ["/dyn-1"])
    }

    @Test func emptyChildIsCleanedUpAndRecreated() async throws {
        let server = TestServer { $0.cleanupEmptyChildNamespaces = true }
        let created = Recorder<String>()
        server.io.onNewNamespace { created.append($0.name) }
        let parent = server.io.of(where: { name, _ in name.hasPrefix("/dyn-") })
        let client = try await server.client()
        _ = try await client.connect(namespace: "/dyn-1")
        let first = try #require(parent.children.first)
        client.send("41/dyn-1,")
        try await eventually("the empty child removed") { parent.children.isEmpty }
        _ = try await client.connect(namespace: "/dyn-1")
        let second = try #require(parent.children.first)
        #expect(second !== first)
        #expect(second.socketCount == 1)
        #expect(try await created.wait(count: 2) == ["/dyn-1", "/dyn-1"])
    }

    @Test func childIsKeptWithoutCleanup() async throws {
        let server = TestServer()
        let parent = server.io.of(where: { name, _ in name.hasPrefix("/dyn-") })
        let left = Recorder<String>()
        parent.onDisconnect { socket, _ in left.append(socket.id) }
        let client = try await server.client()
        _ = try await client.connect(namespace: "/dyn-1")
        client.send("41/dyn-1,")
        try await left.wait()
        #expect(parent.children.map(\.name) == ["/dyn-1"])
    }

    @Test func connectTimeoutClosesAConnectionThatNeverConnects() async throws {
        let server = TestServer { $0.connectTimeout = .milliseconds(100) }
        let client = try await server.client()
        try await client.waitForClose()
        #expect(client.closeCode != nil)
        try await eventually("the session gone") { server.io.clientsCount == 0 }
    }

    @Test func connectTimeoutSparesAConnectedClient() async throws {
        // Long enough for the second client to open and connect on a loaded machine.
        let server = TestServer { $0.connectTimeout = .milliseconds(1_500) }
        let timedOut = try await server.client()
        let client = try await server.client()
        _ = try await client.connect()
        // Once the idle connection was closed by its timer, the connected one (same timeout) is still served.
        try await timedOut.waitForClose()
        try server.io.emit("still", "here")
        #expect(try await client.receiveText() == #"42["still","here"]"#)
        #expect(client.closeCode == nil)
    }

    @Test func newNamespaceHandlerSeesStaticNamespaces() {
        let server = TestServer()
        let created = Recorder<String>()
        server.io.onNewNamespace { created.append($0.name) }
        _ = server.io.of("/a")
        _ = server.io.of("/a")
        _ = server.io.of("/b")
        #expect(created.values == ["/a", "/b"])
    }

    @Test func parentEmitReachesEveryChild() async throws {
        let server = TestServer()
        let parent = server.io.of(where: { name, _ in name.hasPrefix("/room-") })
        let first = try await server.client()
        _ = try await first.connect(namespace: "/room-a")
        let second = try await server.client(loop: 1)
        _ = try await second.connect(namespace: "/room-b")
        let outsider = try await server.client()
        _ = try await outsider.connect()
        try parent.emit("all", 1)
        try server.io.emit("main")
        #expect(try await first.receiveText() == #"42/room-a,["all",1]"#)
        #expect(try await second.receiveText() == #"42/room-b,["all",1]"#)
        #expect(try await outsider.receiveText() == #"42["main"]"#)
    }

    @Test func staticNamespaceWinsOverParents() async throws {
        let server = TestServer()
        let parent = server.io.of(where: { _, _ in true })
        let staticCalls = Recorder<String>()
        server.io.of("/fixed").onConnection { (socket: Socket) in staticCalls.append(socket.namespace.name) }
        let client = try await server.client()
        _ = try await client.connect(namespace: "/fixed")
        #expect(try await staticCalls.first() == "/fixed")
        #expect(parent.children.isEmpty)
        _ = try await client.connect(namespace: "/anything")
        #expect(parent.children.map(\.name) == ["/anything"])
    }

    @Test func namespaceListsItsSockets() async throws {
        let server = TestServer()
        let client = try await server.client()
        let id = try await client.connect()
        let socket = try #require(server.io.sockets.socket(id: id))
        #expect(server.io.sockets.sockets.keys.sorted() == [id])
        #expect(socket.connected)
        #expect(socket.engineSession.id == client.sid)
        #expect(socket.server === server.io)
        #expect(server.io.clientsCount == 1)
    }
}
