public import Logging
import NIOCore
public import SocketIO
public import Transports

/// The running demo: Socket.IO at `/socket.io/` and the pages on the same port.
public final class DemoServer: Sendable {
    /// The Socket.IO server.
    public let io: SocketIOServer
    /// The HTTP host of the engine and the pages.
    public let http: EngineServer
    /// The bound port.
    public let port: Int
    /// The settings the chat runs with.
    public let settings: DemoSettings

    private init(io: SocketIOServer, http: EngineServer, port: Int, settings: DemoSettings) {
        self.io = io
        self.http = http
        self.port = port
        self.settings = settings
    }

    /// Starts the demo on `host`:`port` (0 picks a free port) with `settings`; returns once it accepts connections.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, settings: DemoSettings,
        logger: Logger = Logger(label: "sio-demo")
    ) async throws -> DemoServer {
        let io = SocketIOServer(options: SocketIOServerOptions(), logger: logger)
        let http = EngineServer(
            host: host, port: port, service: io.engine, fallback: DemoPages(settings: settings), logger: logger)
        let address = try await http.start()
        return DemoServer(io: io, http: http, port: address.port ?? port, settings: settings)
    }

    /// Stops accepting, closes every connection.
    public func shutdown() async {
        await http.shutdown()
        await io.close()
    }
}
