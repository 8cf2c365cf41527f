import NIOCore
public import SocketIO
import SIOParser
import Synchronization
import Transports

extension SocketIOApplication {
    /// Resolves every configured name, builds the `SocketIOServer` and installs the pipeline on every namespace
    /// (configured or routed). A second call returns the same server.
    public func start() throws(AppConfigurationError) -> SocketIOServer {
        let registry = registry.withLock { $0 }
        if let io = registry.io { return io }
        var options = SocketIOServerOptions()
        try configuration.validate()
        try configuration.engine.apply(to: &options)
        guard configuration.adapter.type == "memory" else {
            throw .unknownAdapter.with(path: "adapter.type", detail: configuration.adapter.type)
        }
        if let name = configuration.generateId {
            guard let generate = registry.idGenerators[name] else {
                throw .unknownIDGenerator.with(path: "generateId", detail: name)
            }
            options.engine.generateId = generate
        }
        let resolver = try makeSessionResolver(registry)
        let namespaces = try buildNamespaces(registry)
        let io = SocketIOServer(options: options, logger: logger)
        let runtime = AppRuntime(
            app: self, resolver: resolver, maxQueuedEvents: options.maxQueuedEvents, namespaces: namespaces)
        for namespace in namespaces.values { runtime.install(on: io.of(namespace.name), namespace) }
        return self.registry.withLock { stored in
            if let io = stored.io { return io }
            stored.io = io
            stored.runtime = runtime
            return io
        }
    }

    /// The session resolver, nil when sessions are off.
    private func makeSessionResolver(_ registry: Registry) throws(AppConfigurationError) -> SessionResolver? {
        guard let session = configuration.session else { return nil }
        let store: any SessionStore
        if let registered = registry.sessionStores[session.store] {
            store = registered
        } else if session.store == "memory" {
            store = Self.builtInMemoryStore(session)
        } else {
            throw .unknownSessionStore.with(path: "session.store", detail: session.store)
        }
        return try SessionResolver(configuration: session, store: store)
    }

    /// Every namespace (configured or routed) with its chains resolved; duplicate routes and unknown names throw.
    private func buildNamespaces(_ registry: Registry) throws(AppConfigurationError) -> [String: NamespaceRuntime] {
        let globalConnection = try resolve(
            configuration.connectionMiddleware, in: registry.connectionMiddleware, path: "connectionMiddleware",
            what: "global connection middleware")
            + Self.labelled(registry.globalConnection, prefix: "global")
        let globalPacket = try resolve(
            configuration.packetMiddleware, in: registry.packetMiddleware, path: "packetMiddleware",
            what: "global packet middleware")
            + Self.labelled(registry.globalPacket, prefix: "global")
        var names = Set(configuration.namespaces.keys.map(Self.normalized))
        names.formUnion(registry.namespaces.keys)
        // The server always has `/`: without the pipeline it would skip the global middleware (authentication).
        names.insert("/")
        var built: [String: NamespaceRuntime] = [:]
        for name in names.sorted() {
            let configured = configuration.namespaces[name] ?? configuration.namespaces[String(name.dropFirst())]
                ?? NamespaceConfiguration()
            let code = registry.namespaces[name]?.snapshot ?? AppNamespace.Registrations()
            if let duplicate = code.duplicates.first {
                throw .duplicateRoute.with(path: "namespaces.\(name)", detail: "event \"\(duplicate)\" has several routes")
            }
            let connection = try resolve(
                configured.connectionMiddleware, in: registry.connectionMiddleware,
                path: "namespaces.\(name).connectionMiddleware", what: "connection middleware of namespace \(name)")
                + Self.labelled(code.connectionMiddleware, prefix: name)
            let packet = try resolve(
                configured.packetMiddleware, in: registry.packetMiddleware,
                path: "namespaces.\(name).packetMiddleware", what: "packet middleware of namespace \(name)")
                + Self.labelled(code.packetMiddleware, prefix: name)
            built[name] = NamespaceRuntime(
                name: name, connectionChain: MiddlewareChain(entries: globalConnection + connection),
                packetChain: MiddlewareChain(entries: globalPacket + packet), routes: code.routes,
                systemRoutes: code.systemRoutes)
        }
        return built
    }

    /// Configured names resolved to middleware, labelled by name.
    private func resolve<Context>(
        _ names: [String], in registered: [String: @Sendable (Context, AppNext) async throws -> Void], path: String,
        what: String
    ) throws(AppConfigurationError) -> [MiddlewareChain<Context>.Entry] {
        var entries: [MiddlewareChain<Context>.Entry] = []
        for (index, name) in names.enumerated() {
            guard let body = registered[name] else {
                throw .unknownMiddleware.with(path: "\(path)[\(index)]", detail: "\(what): \"\(name)\"")
            }
            entries.append(MiddlewareChain<Context>.Entry(label: name, body: body))
        }
        return entries
    }

    /// Code-level middleware labelled `<level>#<index>`.
    private static func labelled<Context>(
        _ bodies: [@Sendable (Context, AppNext) async throws -> Void], prefix: String
    ) -> [MiddlewareChain<Context>.Entry] {
        bodies.enumerated().map { MiddlewareChain<Context>.Entry(label: "\(prefix)#\($0.offset)", body: $0.element) }
    }
}
