import Adapters
import SIOParser
public import SIOParserNIO
import Synchronization

/// What a namespace (or a parent of dynamic namespaces) runs for its sockets: connection middleware, connection
/// handlers, event handlers shared by every socket, lifecycle handlers and server-side event handlers. Opaque:
/// change it through the `NamespaceRegistering` methods.
public final class NamespaceSetup: Sendable {
    /// A `connection` handler.
    enum ConnectionHandler: Sendable {
        case sync(@Sendable (Socket) -> Void)
        case async(@Sendable (Socket) async throws -> Void)
    }

    /// The registrations, replaced as a whole so that readers take a consistent snapshot.
    struct Registrations: Sendable {
        var middlewares: [@Sendable (Socket) async throws -> Void] = []
        var connectionHandlers: [ConnectionHandler] = []
        var eventHandlers: [SocketEventHandler] = []
        var anyEventHandlers: [@Sendable (Socket, String, SIOArguments, SocketAck?) -> Void] = []
        var disconnectingHandlers: [@Sendable (Socket, DisconnectReason) -> Void] = []
        var disconnectHandlers: [@Sendable (Socket, DisconnectReason) -> Void] = []
        var serverSideHandlers: [(event: String, handler: @Sendable (SIOArguments, (@Sendable (SIOArguments) -> Void)?) -> Void)] = []
    }

    let registrations = Mutex(Registrations())

    init() {}

    /// A consistent copy of the registrations.
    var snapshot: Registrations { registrations.withLock { $0 } }

    /// Changes the registrations.
    func update(_ body: (inout Registrations) -> Void) {
        registrations.withLock { body(&$0) }
    }
}

/// The registration API shared by `Namespace` and `ParentNamespace`.
public protocol NamespaceRegistering: AnyObject, Sendable {
    /// Where the registrations are kept.
    var setup: NamespaceSetup { get }
}

extension NamespaceRegistering {
    var setupBox: NamespaceSetup { setup }

    /// Adds connection middleware: it runs for every socket before `connection` handlers; throwing refuses the
    /// connection with CONNECT_ERROR (a `SocketConnectError` gives the message and data).
    public func use(_ middleware: @escaping @Sendable (Socket) async throws -> Void) {
        setupBox.update { $0.middlewares.append(middleware) }
    }

    /// Calls `handler` on the socket's loop for every socket that connects, after middleware; events wait until it
    /// returns, so handlers registered in it see the first event.
    public func onConnection(_ handler: @escaping @Sendable (Socket) -> Void) {
        setupBox.update { $0.connectionHandlers.append(.sync(handler)) }
    }

    /// Calls `handler` in a task for every socket that connects; the socket's events wait until it returns.
    public func onConnection(_ handler: @escaping @Sendable (Socket) async throws -> Void) {
        setupBox.update { $0.connectionHandlers.append(.async(handler)) }
    }

    /// Handles `event` for every socket of the namespace, synchronously on the socket's loop (one registration
    /// for all sockets: nothing is stored per socket).
    public func on(_ event: String, _ handler: @escaping @Sendable (Socket, SIOArguments, SocketAck?) -> Void) {
        setupBox.update { $0.eventHandlers.append(SocketEventHandler(event: event, invoke: handler)) }
    }

    /// Handles `event` for every socket of the namespace, in a task per event.
    public func on(
        _ event: String, _ handler: @escaping @Sendable (Socket, SIOArguments, SocketAck?) async throws -> Void
    ) {
        let invoke = Socket.asyncInvoker(handler)
        setupBox.update { $0.eventHandlers.append(SocketEventHandler(event: event, invoke: invoke)) }
    }

    /// Handles `event` whose first argument decodes as `T`, for every socket, on the socket's loop.
    public func on<T: Decodable & SendableMetatype>(_ event: String, _ handler: @escaping @Sendable (Socket, T, SocketAck?) -> Void) {
        on(event) { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) in
            guard let value: T = socket.decodeArgument(event, arguments) else { return }
            handler(socket, value, ack)
        }
    }

    /// Handles `event` whose first argument decodes as `T`, for every socket, in a task per event.
    public func on<T: Decodable & SendableMetatype>(
        _ event: String, _ handler: @escaping @Sendable (Socket, T, SocketAck?) async throws -> Void
    ) {
        on(event) { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) async throws in
            guard let value: T = socket.decodeArgument(event, arguments) else { return }
            try await handler(socket, value, ack)
        }
    }

    /// Calls `handler` on the socket's loop for every incoming event of every socket of the namespace, after that
    /// event's named handlers, with the event's name and its acknowledgement: the hook for routers that dispatch
    /// events themselves (one registration for all sockets).
    public func onAnyEvent(_ handler: @escaping @Sendable (Socket, String, SIOArguments, SocketAck?) -> Void) {
        setupBox.update { $0.anyEventHandlers.append(handler) }
    }

    /// Called for every socket about to leave (its rooms still readable).
    public func onDisconnecting(_ handler: @escaping @Sendable (Socket, DisconnectReason) -> Void) {
        setupBox.update { $0.disconnectingHandlers.append(handler) }
    }

    /// Called for every socket that left.
    public func onDisconnect(_ handler: @escaping @Sendable (Socket, DisconnectReason) -> Void) {
        setupBox.update { $0.disconnectHandlers.append(handler) }
    }

    /// Handles `event` sent by another server with `serverSideEmit`; the second argument answers it when the
    /// sender waits for acknowledgements.
    public func onServerSideEmit(
        _ event: String, _ handler: @escaping @Sendable (SIOArguments, (@Sendable (SIOArguments) -> Void)?) -> Void
    ) {
        setupBox.update { $0.serverSideHandlers.append((event, handler)) }
    }
}
