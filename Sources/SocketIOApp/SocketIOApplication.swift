public import Logging
public import SocketIO
import Synchronization
public import Transports

/// An application over a `SocketIOServer`: configured middleware by name, code-level middleware, controllers
/// routed per namespace, sessions and services (egg-socket.io / midway's model, with closures and generics).
///
/// ```swift
/// let app = SocketIOApplication(configuration: configuration)
/// app.register(connectionMiddleware: "auth") { context, next in
///     guard context.auth["token"] == "secret" else { throw SocketConnectError("unauthorized") }
///     try await next()
/// }
/// app.namespace("/chat").route("message", to: ChatController.message, reply: .emit("message:reply"))
/// let io = try app.start()
/// ```
public final class SocketIOApplication: Sendable {
    /// What was registered before `start()`.
    struct Registry: Sendable {
        var connectionMiddleware: [String: ConnectionMiddleware] = [:]
        var packetMiddleware: [String: PacketMiddleware] = [:]
        var idGenerators: [String: @Sendable (EngineRequestHead) async throws -> String] = [:]
        var sessionStores: [String: any SessionStore] = [:]
        var globalConnection: [ConnectionMiddleware] = []
        var globalPacket: [PacketMiddleware] = []
        var namespaces: [String: AppNamespace] = [:]
        var io: SocketIOServer?
        var runtime: AppRuntime?
    }

    /// The configuration the application was made with.
    public let configuration: SocketIOAppConfiguration
    /// The application's own services.
    public let services: AppServices
    /// The application's logger; contexts add the namespace and socket id as metadata.
    public let logger: Logger
    let registry = Mutex(Registry())

    /// An application for `configuration`; nothing runs until `start()`.
    public init(configuration: SocketIOAppConfiguration, logger: Logger = Logger(label: "socket.io.app")) {
        self.configuration = configuration
        self.logger = logger
        self.services = AppServices()
    }

    /// Registers connection middleware under `name`, for the configuration to refer to.
    public func register(connectionMiddleware name: String, _ middleware: @escaping ConnectionMiddleware) {
        registry.withLock { $0.connectionMiddleware[name] = middleware }
    }

    /// Registers packet middleware under `name`, for the configuration to refer to.
    public func register(packetMiddleware name: String, _ middleware: @escaping PacketMiddleware) {
        registry.withLock { $0.packetMiddleware[name] = middleware }
    }

    /// Registers a generator of engine session ids under `name` (configuration key `generateId`).
    public func register(idGenerator name: String, _ generate: @escaping @Sendable (EngineRequestHead) async throws -> String) {
        registry.withLock { $0.idGenerators[name] = generate }
    }

    /// Registers a session store under `name` (configuration key `session.store`); `memory` is built in.
    public func register(sessionStore name: String, _ store: any SessionStore) {
        registry.withLock { $0.sessionStores[name] = store }
    }

    /// Adds connection middleware for every namespace, after the configured global ones.
    public func use(connection middleware: @escaping ConnectionMiddleware) {
        registry.withLock { $0.globalConnection.append(middleware) }
    }

    /// Adds packet middleware for every namespace, after the configured global ones.
    public func use(packet middleware: @escaping PacketMiddleware) {
        registry.withLock { $0.globalPacket.append(middleware) }
    }

    /// The namespace `name` (a leading `/` is added when missing), for routes and namespace middleware.
    public func namespace(_ name: String) -> AppNamespace {
        let name = Self.normalized(name)
        return registry.withLock { registry in
            if let existing = registry.namespaces[name] { return existing }
            let created = AppNamespace(name: name)
            registry.namespaces[name] = created
            return created
        }
    }

    /// The server, once `start()` made it.
    public var io: SocketIOServer? { registry.withLock { $0.io } }

    /// How many sockets the running pipeline keeps state for.
    var trackedSocketCount: Int { registry.withLock { $0.runtime }?.trackedSocketCount ?? 0 }

    /// A namespace name with its leading slash.
    static func normalized(_ name: String) -> String { name.hasPrefix("/") ? name : "/" + name }
}
