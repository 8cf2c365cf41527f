import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SIOParser
import SocketIO
import SocketIOApp
import SocketIOTesting
import Transports

/// Event loops shared by the in-memory application tests (two, so that cross-loop paths run).
let appTestGroup = MultiThreadedEventLoopGroup(numberOfThreads: 2)

/// A started application and in-memory clients of it.
struct AppHarness {
    let app: SocketIOApplication
    let io: SocketIOServer

    /// Makes an application with test-friendly engine timings, lets `setup` register, and starts it.
    init(
        _ configure: (inout SocketIOAppConfiguration) -> Void = { _ in },
        setup: (SocketIOApplication) -> Void
    ) throws {
        var configuration = SocketIOAppConfiguration()
        configuration.engine.pingInterval = 20_000
        configuration.engine.pingTimeout = 20_000
        configure(&configuration)
        app = SocketIOApplication(configuration: configuration, logger: Logger(label: "app-test"))
        setup(app)
        io = try app.start()
    }

    /// A new in-memory client (Engine.IO open done, no namespace joined yet).
    func client(query: String = "", headers: HTTPHeaders = [:], loop: Int = 0) async throws -> SocketIOTestConnection {
        let loops = Array(appTestGroup.makeIterator())
        return try await SocketIOTestConnection.open(
            io.engine, eventLoop: loops[loop % loops.count], query: query, headers: headers)
    }

    /// A client connected to `namespace`.
    func connected(_ namespace: String = "/", auth: String? = nil) async throws -> SocketIOTestConnection {
        let client = try await client()
        _ = try await client.connect(namespace: namespace, auth: auth)
        return client
    }
}
