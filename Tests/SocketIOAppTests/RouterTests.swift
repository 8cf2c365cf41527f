import SIOParser
import SocketIO
import SocketIOApp
import SocketIOTesting
import Testing

/// A chat message, as a route argument and result.
struct RouterChatMessage: Codable, Sendable, Equatable {
    var text: String
}

/// A controller with one method per route shape.
struct RouterProbeController: SocketController {
    static let system = Recorder<String>()
    let context: EventContext
    init(context: EventContext) { self.context = context }

    func ping() async throws -> String { "pong" }
    func add(_ a: Int, _ b: Int) async throws -> Int { a + b }
    func echo(_ message: RouterChatMessage) async throws -> RouterChatMessage { RouterChatMessage(text: message.text + "!") }
    func nothing(_ value: String) async throws {}
    func maybe() async throws -> String? { nil }
    func refuse() async throws -> String { throw AppEventError("bad request", data: ["field": "text"]) }
    func crash() async throws -> String { throw AppTestFailure() }
    func join(_ room: String) async throws {
        await context.socket.join(room)
    }
    func say(_ message: RouterChatMessage) async throws -> RouterChatMessage { message }

    func disconnecting() async throws {
        Self.system.append("disconnecting \(context.disconnectReason.map { "\($0)" } ?? "?") \(context.rooms.contains("lobby"))")
    }
    func disconnected() async throws {
        Self.system.append("disconnect \(context.disconnectReason.map { "\($0)" } ?? "?")")
    }
    func size(_ bytes: [UInt8]) async throws -> Int { bytes.count }
    func welcome() async throws {
        try context.socket.emit("welcome", context.socket.id)
    }
    func failed() async throws {
        Self.system.append("error \(context.error.map { "\($0)" } ?? "none")")
    }
}

@Suite(.serialized) struct RouterTests {
    /// A client connected to `harness`, past its `welcome`.
    func welcomed(_ harness: AppHarness) async throws -> SocketIOTestConnection {
        let client = try await harness.client()
        let id = try await client.connect()
        #expect(try await client.receiveText() == #"42["welcome",""# + id + #""]"#)
        return client
    }

    func harness() throws -> AppHarness {
        try AppHarness { app in
            app.namespace("/")
                .route("ping", to: RouterProbeController.ping)
                .route("add", to: RouterProbeController.add)
                .route("echo", to: RouterProbeController.echo, reply: .emit("echo:reply"))
                .route("nothing", to: RouterProbeController.nothing)
                .route("maybe", to: RouterProbeController.maybe, reply: .emit("maybe:reply"))
                .route("refuse", to: RouterProbeController.refuse)
                .route("crash", to: RouterProbeController.crash)
                .route("join", to: RouterProbeController.join)
                .route("say", to: RouterProbeController.say, reply: .emit("said", toRooms: { _ in ["lobby"] }))
                .route("shout", to: RouterProbeController.say, reply: .broadcast("shouted"))
                .route("size", to: RouterProbeController.size)
                .route(.connection, to: RouterProbeController.welcome)
                .route(.disconnecting, to: RouterProbeController.disconnecting)
                .route(.disconnect, to: RouterProbeController.disconnected)
                .route(.error, to: RouterProbeController.failed)
        }
    }

    @Test func argumentsAndResultsOfEveryShape() async throws {
        let harness = try harness()
        let client = try await welcomed(harness)
        client.send(#"421["ping"]"#)
        #expect(try await client.receiveText() == #"431["pong"]"#)
        client.send(#"422["add",2,3]"#)
        #expect(try await client.receiveText() == #"432[5]"#)
        client.send(#"423["nothing","x"]"#)
        #expect(try await client.receiveText() == #"433[]"#)
        client.send(#"424["maybe"]"#)
        #expect(try await client.receiveText() == #"434[null]"#)
        // Without an ack nothing is sent back for an .ack route.
        client.send(#"42["ping"]"#)
        client.send(#"425["ping"]"#)
        #expect(try await client.receiveText() == #"435["pong"]"#)
    }

    @Test func binaryArgumentsDecode() async throws {
        let harness = try harness()
        let client = try await welcomed(harness)
        client.send(#"451-7["size",{"_placeholder":true,"num":0}]"#)
        client.send(binary: [1, 2, 3, 4])
        #expect(try await client.receiveText() == #"437[4]"#)
    }

    @Test func emitRepliesToTheCallerAndAcknowledges() async throws {
        let harness = try harness()
        let client = try await welcomed(harness)
        client.send(#"426["echo",{"text":"hi"}]"#)
        #expect(try await client.receiveText() == #"42["echo:reply",{"text":"hi!"}]"#)
        #expect(try await client.receiveText() == #"436[{"text":"hi!"}]"#)
        client.send(#"42["echo",{"text":"yo"}]"#)
        #expect(try await client.receiveText() == #"42["echo:reply",{"text":"yo!"}]"#)
    }

    @Test func failuresAnswerTheAckAndReachTheErrorRoute() async throws {
        let harness = try harness()
        let client = try await welcomed(harness)
        client.send(#"421["add","x",3]"#)
        let invalid = try await client.receiveText()
        #expect(invalid.hasPrefix(#"431[{"error":"invalid argument 0: "#))
        client.send(#"422["refuse"]"#)
        #expect(try await client.receiveText() == #"432[{"error":"bad request","data":{"field":"text"}}]"#)
        client.send(#"423["crash"]"#)
        #expect(try await client.receiveText() == #"433[{"error":"internal error"}]"#)
        let errors = try await RouterProbeController.system.wait(count: 3).filter { $0.hasPrefix("error") }
        #expect(errors.count == 3)
        #expect(errors[0].hasPrefix("error invalid argument 0"))
        #expect(errors[1] == "error bad request")
        #expect(errors[2].contains("AppTestFailure"))
    }

    @Test func roomsBroadcastAndSystemRoutes() async throws {
        let harness = try harness()
        let alice = try await welcomed(harness)
        let bob = try await welcomed(harness)
        let carol = try await welcomed(harness)
        alice.send(#"421["join","lobby"]"#)
        #expect(try await alice.receiveText() == #"431[]"#)
        bob.send(#"421["join","lobby"]"#)
        #expect(try await bob.receiveText() == #"431[]"#)
        alice.send(#"422["say",{"text":"hello"}]"#)
        #expect(try await alice.receiveText() == #"42["said",{"text":"hello"}]"#)
        #expect(try await alice.receiveText() == #"432[{"text":"hello"}]"#)
        #expect(try await bob.receiveText() == #"42["said",{"text":"hello"}]"#)
        carol.send(#"42["shout",{"text":"all"}]"#)
        for client in [alice, bob, carol] {
            #expect(try await client.receiveText() == #"42["shouted",{"text":"all"}]"#)
        }
        // Carol is not in the lobby: she got the shout only.
        #expect(await carol.drain(for: .milliseconds(50)).isEmpty)
        let before = RouterProbeController.system.values.count
        alice.send("41")
        let system = try await RouterProbeController.system.wait(count: before + 2).suffix(2)
        #expect(Set(system) == ["disconnecting client namespace disconnect true", "disconnect client namespace disconnect"])
    }

    @Test func aSecondRouteForAnEventFailsAtStart() throws {
        let app = SocketIOApplication(configuration: SocketIOAppConfiguration())
        app.namespace("/chat").route("ping", to: RouterProbeController.ping).route("ping", to: RouterProbeController.ping)
        #expect(throws: AppConfigurationError.duplicateRoute) { try app.start() }
        do {
            _ = try app.start()
        } catch {
            #expect(error.path == "namespaces./chat")
            #expect(error.description.contains("ping"))
        }
    }
}
