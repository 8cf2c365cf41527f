public import Logging
import NIOCore
public import SocketIO
public import SocketIOApp
public import Transports

/// The running demo: the chat at `/socket.io/` and its page on the same port.
public final class DemoServer: Sendable {
    /// The application.
    public let app: SocketIOApplication
    /// The Socket.IO server the application started.
    public let io: SocketIOServer
    /// The HTTP host of the engine and the pages.
    public let http: EngineServer
    /// The bound port.
    public let port: Int
    /// The settings the chat runs with.
    public let settings: DemoSettings

    private init(app: SocketIOApplication, io: SocketIOServer, http: EngineServer, port: Int, settings: DemoSettings) {
        self.app = app
        self.io = io
        self.http = http
        self.port = port
        self.settings = settings
    }

    /// Starts the demo on `host`:`port` (0 picks a free port) with `configuration`; returns once it accepts
    /// connections. `now` is the chat's clock (milliseconds since 1970), injectable for tests.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, configuration: SocketIOAppConfiguration,
        now: @escaping @Sendable () -> Int64 = DemoSignature.systemMilliseconds,
        logger: Logger = Logger(label: "sio-demo")
    ) async throws -> DemoServer {
        let settings: DemoSettings
        do {
            settings = try DemoSettings.decode(configuration.settings)
        } catch {
            throw DemoLaunchError("invalid settings: \(error)")
        }
        let app = SocketIOApplication(configuration: configuration, logger: logger)
        DemoChat.install(on: app, settings: settings, now: now)
        let io = try app.start()
        let http = EngineServer(
            host: host, port: port, service: io.engine, fallback: DemoPages(settings: settings), logger: logger)
        let address: SocketAddress
        do {
            address = try await http.start()
        } catch {
            await io.close()
            throw error
        }
        return DemoServer(app: app, io: io, http: http, port: address.port ?? port, settings: settings)
    }

    /// Stops accepting, closes every connection.
    public func shutdown() async {
        await http.shutdown()
        await io.close()
    }
}
