import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOApp
import SocketIOTesting
import Synchronization
import Testing
import Transports

@Suite struct ApplicationStartTests {
    func startError(
        _ configure: (inout SocketIOAppConfiguration) -> Void, setup: (SocketIOApplication) -> Void = { _ in }
    ) -> AppConfigurationError? {
        var configuration = SocketIOAppConfiguration()
        configure(&configuration)
        let app = SocketIOApplication(configuration: configuration)
        setup(app)
        do {
            _ = try app.start()
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownMiddlewareNamesTheNamespaceLevelAndName() throws {
        let global = try #require(startError({ $0.connectionMiddleware = ["auth"] }))
        #expect(global == .unknownMiddleware)
        #expect(global.path.hasSuffix("connectionMiddleware[0]"))
        #expect(global.description.contains("\"auth\""))

        let local = try #require(
            startError({ $0.namespaces = ["/": .init(), "/chat": .init(packetMiddleware: ["known", "typo"])] }) { app in
                app.register(packetMiddleware: "known") { _, next in try await next() }
            })
        #expect(local == .unknownMiddleware)
        #expect(local.path.contains("/chat") && local.path.hasSuffix("packetMiddleware[1]"))
        #expect(local.description.contains("packet middleware of namespace /chat"))
        #expect(local.description.contains("\"typo\""))

        // A packet middleware name does not satisfy a connection level.
        let crossed = try #require(
            startError({ $0.connectionMiddleware = ["log"] }) { app in
                app.register(packetMiddleware: "log") { _, next in try await next() }
            })
        #expect(crossed == .unknownMiddleware)
    }

    @Test func unknownGeneratorStoreAndAdapter() throws {
        let generator = try #require(startError({ $0.generateId = "uuid" }))
        #expect(generator == .unknownIDGenerator)
        #expect(generator.path == "generateId")
        #expect(generator.description.contains("uuid"))

        var session = SessionConfiguration(secrets: ["s"])
        session.store = "redis"
        let store = try #require(startError({ $0.session = session }))
        #expect(store == .unknownSessionStore)
        #expect(store.description.contains("redis"))

        let adapter = try #require(startError({ $0.adapter = AdapterConfiguration(type: "redis") }))
        #expect(adapter == .unknownAdapter)

        #expect(startError({ $0.engine.transports = ["carrier-pigeon"] }) == .invalidValue)
        #expect(startError({ $0.engine.pingInterval = 0 }) == .invalidValue)
        // The built-in memory store and a registered one start.
        #expect(startError({ $0.session = SessionConfiguration(secrets: ["s"]) }) == nil)
    }

    @Test func engineConfigurationReachesTheServer() throws {
        var configuration = SocketIOAppConfiguration()
        configuration.engine.path = "/live/"
        configuration.engine.pingInterval = 1_500
        configuration.engine.connectTimeout = 3_000
        configuration.engine.maxHttpBufferSize = 4_096
        configuration.engine.transports = ["websocket"]
        configuration.engine.maxAttachments = 3
        let app = SocketIOApplication(configuration: configuration)
        let io = try app.start()
        #expect(app.io === io)
        #expect(try app.start() === io)
        #expect(io.options.engine.path == "/live/")
        #expect(io.options.engine.pingInterval == .milliseconds(1_500))
        #expect(io.options.connectTimeout == .milliseconds(3_000))
        #expect(io.options.engine.maxHttpBufferSize == 4_096)
        #expect(io.options.engine.transports == [.websocket])
        #expect(io.options.maxAttachments == 3)
    }

    @Test func configuredNamespacesExistWithoutRoutes() async throws {
        let harness = try AppHarness({ $0.namespaces = ["/": .init(), "/empty": .init()] }) { app in
            app.namespace("routed").route("ping", to: RouterProbeController.ping)
        }
        let client = try await harness.client()
        _ = try await client.connect(namespace: "/empty")
        _ = try await client.connect(namespace: "/routed")
        client.send("40/nowhere,")
        #expect(try await client.receiveText() == #"44/nowhere,{"message":"Invalid namespace"}"#)
        client.send(#"40/routed,"#)
        // Already connected to /routed: a protocol violation closes the connection.
        try await client.waitForClose()
    }

    @Test func theMainNamespaceRunsGlobalMiddlewareEvenWhenNotConfigured() async throws {
        let harness = try AppHarness({ $0.namespaces = ["/chat": .init()] }) { app in
            app.use(connection: { _, _ in throw SocketConnectError("closed") })
        }
        let client = try await harness.client()
        client.send("40")
        #expect(try await client.receiveText() == #"44{"message":"closed"}"#)
    }

    @Test func aRegisteredIdGeneratorMakesTheEngineIds() async throws {
        let counter = Atomic<Int>(0)
        let harness = try AppHarness({ $0.generateId = "counter" }) { app in
            app.register(idGenerator: "counter") { _ in
                "app-\(counter.add(1, ordering: .relaxed).newValue)"
            }
        }
        let first = try await harness.client()
        let second = try await harness.client()
        #expect([first.sid, second.sid] == ["app-1", "app-2"])
    }

    @Test func servicesAreKeyedByType() throws {
        struct Clock: Sendable { let now: Int }
        let app = SocketIOApplication(configuration: SocketIOAppConfiguration())
        #expect(app.services[Clock.self] == nil)
        #expect(throws: (any Error).self) { try app.services.require(Clock.self) }
        app.services.register(Clock(now: 7))
        #expect(try app.services.require(Clock.self).now == 7)
    }
}
