import Adapters
public import Logging
import NIOCore
import SIOParser
import Synchronization
public import Transports
import EngineParser

/// The Socket.IO server (`io`): namespaces over one Engine.IO endpoint.
///
/// Mount `engine` in an `EngineServer` (alone, or in an `EngineServiceGroup` with other services):
/// ```swift
/// let io = SocketIOServer()
/// io.onConnection { socket in try? socket.emit("hello", "world") }
/// let server = EngineServer(host: "127.0.0.1", port: 3000, service: io.engine)
/// ```
public final class SocketIOServer: Sendable {
    /// The options the server was made with.
    public let options: SocketIOServerOptions
    /// Logs refusals and protocol violations at debug level.
    public let logger: Logger
    /// The Engine.IO endpoint that carries every connection.
    public let engine: EngineEndpoint

    struct Registry {
        var namespaces: [String: Namespace] = [:]
        var parents: [ParentNamespace] = []
        var newNamespaceHandlers: [@Sendable (Namespace) -> Void] = []
    }

    let registry = Mutex(Registry())
    let tokens = Atomic<UInt64>(0)
    let bridge: EngineBridge

    /// A server with `options` (every default is the reference server's).
    public init(options: SocketIOServerOptions = SocketIOServerOptions(), logger: Logger = Logger(label: "socket.io")) {
        self.options = options
        self.logger = logger
        bridge = EngineBridge()
        engine = EngineEndpoint(options: options.engine, handler: bridge, logger: logger)
        bridge.attach(self)
        _ = of("/")
    }

    /// The main namespace `/`.
    public var sockets: Namespace { of("/") }

    /// The namespace `name` (a leading `/` is added when missing), created on first use.
    public func of(_ name: String) -> Namespace {
        let name = name.hasPrefix("/") ? name : "/" + name
        let (namespace, created) = registry.withLock { registry -> (Namespace, Bool) in
            if let existing = registry.namespaces[name] { return (existing, false) }
            let namespace = Namespace(name: name, server: self, parent: nil)
            registry.namespaces[name] = namespace
            return (namespace, true)
        }
        if created { announce(namespace) }
        return namespace
    }

    /// A family of dynamic namespaces: every CONNECT to a name `matcher` accepts creates (or reuses) a child.
    public func of(where matcher: @escaping ParentNamespace.Matcher) -> ParentNamespace {
        let parent = ParentNamespace(server: self, matcher: matcher)
        registry.withLock { $0.parents.append(parent) }
        return parent
    }

    /// A family of dynamic namespaces named by a regular expression that must match the whole name
    /// (`io.of(matching: /\/room-\d+/)`).
    public func of(matching pattern: Regex<Substring>) -> ParentNamespace {
        nonisolated(unsafe) let pattern = pattern
        return of(where: { name, _ in (try? pattern.wholeMatch(in: name)) != nil })
    }

    /// Calls `handler` for every namespace created from now on (static or dynamic).
    public func onNewNamespace(_ handler: @escaping @Sendable (Namespace) -> Void) {
        registry.withLock { $0.newNamespaceHandlers.append(handler) }
    }

    /// The number of Engine.IO connections.
    public var clientsCount: Int { engine.clientsCount }

    /// Closes every connection (sockets leave with "server shutting down") and stops the adapters.
    public func close() async {
        await engine.shutdown(reason: .serverShuttingDown)
        let namespaces = registry.withLock { Array($0.namespaces.values) }
        for namespace in namespaces {
            namespace.lazyQueue.withLock { $0?.finish() }
            await namespace.adapter.shutdown()
        }
    }

    /// A fresh listener token.
    func nextToken() -> UInt64 { tokens.add(1, ordering: .relaxed).oldValue }

    /// The packet options for a session: protocol v4 for Engine.IO v3 clients, v5 otherwise.
    func packetOptions(for session: EngineSession) -> SIOPacketOptions {
        SIOPacketOptions(
            version: SIOProtocolVersion(engineIOProtocol: session.protocolVersion.rawValue),
            maxAttachments: options.maxAttachments)
    }

    /// Starts a new namespace's adapter and tells the new-namespace handlers.
    func announce(_ namespace: Namespace) {
        let adapter = namespace.adapter
        let logger = logger
        Task {
            do {
                try await adapter.start()
            } catch {
                logger.error("adapter failed to start", metadata: ["namespace": "\(namespace.name)", "error": "\(error)"])
            }
        }
        for handler in registry.withLock({ $0.newNamespaceHandlers }) { handler(namespace) }
    }

    /// The namespace for a dynamic child (created when missing) and whether it was created.
    func namespaceForChild(name: String, parent: ParentNamespace) -> (Namespace, Bool) {
        registry.withLock { registry -> (Namespace, Bool) in
            if let existing = registry.namespaces[name] { return (existing, false) }
            let namespace = Namespace(name: name, server: self, parent: parent)
            registry.namespaces[name] = namespace
            return (namespace, true)
        }
    }

    /// Drops an empty dynamic child.
    func forget(_ namespace: Namespace) {
        registry.withLock { registry in
            if registry.namespaces[namespace.name] === namespace { registry.namespaces[namespace.name] = nil }
        }
        let adapter = namespace.adapter
        Task { await adapter.shutdown() }
    }

    /// A CONNECT for `name` arrived on `connection` (on its loop).
    func connect(_ connection: SocketIOConnection, namespace name: String, auth: JSONValue?) {
        let (existing, parents) = registry.withLock { ($0.namespaces[name], $0.parents) }
        if let existing {
            existing.add(connection, auth: auth)
            return
        }
        guard !parents.isEmpty else { return refuseUnknown(connection, name) }
        Task {
            for parent in parents where await parent.matcher(name, auth ?? .object([:])) {
                let child = parent.child(named: name)
                connection.session.eventLoop.execute { child.add(connection, auth: auth) }
                return
            }
            connection.session.eventLoop.execute { self.refuseUnknown(connection, name) }
        }
    }

    /// CONNECT_ERROR "Invalid namespace"; the connection stays open.
    func refuseUnknown(_ connection: SocketIOConnection, _ name: String) {
        connection.connectFinished(name)
        if let packet = try? SIOEncodedPacket.connectError(namespace: name, message: "Invalid namespace") {
            connection.write(packet, volatile: false, compress: true)
        }
    }
}
