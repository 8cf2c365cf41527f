import Logging
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOApp
import SocketIOClient
import Testing
import Transports

/// The application over a real port, driven by the project's Swift client.
@Suite struct ApplicationLoopbackTests {
    @Test func routesMiddlewareAndRefusalOverTCP() async throws {
        var configuration = SocketIOAppConfiguration()
        configuration.connectionMiddleware = ["auth"]
        configuration.namespaces = ["/": .init(), "/chat": .init(), "/slow": .init(connectionMiddleware: ["slow"])]
        let app = SocketIOApplication(configuration: configuration, logger: Logger(label: "app-loopback"))
        app.register(connectionMiddleware: "auth") { context, next in
            guard context.auth["token"] == "secret" else {
                throw SocketConnectError("not authorized", data: ["retry": false])
            }
            try await next()
        }
        app.register(connectionMiddleware: "slow") { _, next in
            try await Task.sleep(for: .milliseconds(300))
            try await next()
        }
        app.namespace("/slow").route("add", to: RouterProbeController.add)
        app.namespace("/chat")
            .route("add", to: RouterProbeController.add)
            .route("echo", to: RouterProbeController.echo, reply: .emit("echo:reply"))
        let io = try app.start()
        let server = EngineServer(host: "127.0.0.1", port: 0, service: io.engine)
        let address = try await server.start()
        let port = try #require(address.port)

        let manager = SocketIOManager(configuration: SocketIOClientConfiguration(host: "127.0.0.1", port: port))
        let refused = await manager.socket(namespace: "/chat", auth: ["token": "nope"])
        let error = await #expect(throws: SocketIOClientError.connectError) { try await refused.connect() }
        #expect(error?.message == "not authorized")
        #expect(error?.data == ["retry": false])

        let socket = await manager.socket(namespace: "/chat", auth: ["token": "secret"])
        let replies = socket.events("echo:reply")
        try await socket.connect()
        #expect(try await socket.emitWithAck("add", 2, 40, returning: Int.self) == 42)
        let echoed = try await socket.emitWithAck("echo", RouterChatMessage(text: "tcp"), returning: RouterChatMessage.self)
        #expect(echoed == RouterChatMessage(text: "tcp!"))
        var iterator = replies.makeAsyncIterator()
        let reply = try #require(await iterator.next())
        #expect(try reply.arguments.decode(RouterChatMessage.self, at: 0) == RouterChatMessage(text: "tcp!"))
        let failure = try await socket.emitWithAck("add", "x", 1)
        #expect(failure.value(at: 0)?["error"]?.stringValue?.hasPrefix("invalid argument 0") == true)

        // A suspended middleware delays CONNECT; the client's emits wait for it and are then routed.
        let slow = await manager.socket(namespace: "/slow", auth: ["token": "secret"])
        let early = Task { try await slow.emitWithAck("add", 1, 2, returning: Int.self) }
        let started = ContinuousClock.now
        try await slow.connect()
        #expect(ContinuousClock.now - started >= .milliseconds(250))
        #expect(try await early.value == 3)

        await manager.close()
        await server.shutdown()
    }
}
