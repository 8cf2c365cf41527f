import Synchronization

/// One namespace of the application: its code-level middleware and its routes. Register before `start()`.
public final class AppNamespace: Sendable {
    /// What was registered, read once by `start()`.
    struct Registrations: Sendable {
        var connectionMiddleware: [ConnectionMiddleware] = []
        var packetMiddleware: [PacketMiddleware] = []
        var routes: [String: Route] = [:]
        var systemRoutes: [SystemEvent: @Sendable (EventContext) async throws -> Void] = [:]
        /// Events routed more than once, reported by `start()`.
        var duplicates: [String] = []
    }

    /// The namespace's name (`/chat`).
    public let name: String
    let registrations = Mutex(Registrations())

    init(name: String) {
        self.name = name
    }

    /// A copy of the registrations.
    var snapshot: Registrations { registrations.withLock { $0 } }

    /// Adds connection middleware for this namespace (after the configured ones of this namespace).
    public func use(connection middleware: @escaping ConnectionMiddleware) {
        registrations.withLock { $0.connectionMiddleware.append(middleware) }
    }

    /// Adds packet middleware for this namespace (after the configured ones of this namespace).
    public func use(packet middleware: @escaping PacketMiddleware) {
        registrations.withLock { $0.packetMiddleware.append(middleware) }
    }

    /// Routes a system event to a controller method.
    @discardableResult
    public func route<C: SocketController>(
        _ event: SystemEvent, to handler: @escaping @Sendable (C) -> () async throws -> Void
    ) -> AppNamespace {
        let invoke: @Sendable (EventContext) async throws -> Void = { context in
            try await handler(C(context: context))()
        }
        registrations.withLock { registrations in
            if registrations.systemRoutes[event] != nil { registrations.duplicates.append(event.name) }
            registrations.systemRoutes[event] = invoke
        }
        return self
    }

    /// Records a route; a second one for the same event is kept for `start()` to report.
    func add(_ event: String, _ route: Route) {
        registrations.withLock { registrations in
            if registrations.routes[event] != nil { registrations.duplicates.append(event) }
            registrations.routes[event] = route
        }
    }
}
