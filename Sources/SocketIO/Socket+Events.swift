import Adapters
import NIOCore
import SIOParser
public import SIOParserNIO

extension Socket {
    /// Handles `event` with the raw arguments, synchronously on the socket's loop (keep it short).
    public func on(_ event: String, _ handler: @escaping @Sendable (SIOArguments, SocketAck?) -> Void) {
        addHandler(SocketEventHandler(event: event) { _, arguments, ack in handler(arguments, ack) })
    }

    /// Handles `event` with the raw arguments in a task; a thrown error goes to the `error` handlers.
    public func on(_ event: String, _ handler: @escaping @Sendable (SIOArguments, SocketAck?) async throws -> Void) {
        addHandler(SocketEventHandler(event: event, invoke: Self.asyncInvoker { _, arguments, ack in
            try await handler(arguments, ack)
        }))
    }

    /// Handles `event` whose first argument decodes as `T` (lazily, only when the event arrives); a malformed
    /// argument is reported to the `error` handlers and the handler is not called.
    public func on<T: Decodable & SendableMetatype>(_ event: String, _ handler: @escaping @Sendable (T, SocketAck?) -> Void) {
        addHandler(SocketEventHandler(event: event) { socket, arguments, ack in
            guard let value: T = socket.decodeArgument(event, arguments) else { return }
            handler(value, ack)
        })
    }

    /// Handles `event` whose first argument decodes as `T`, in a task.
    public func on<T: Decodable & SendableMetatype>(_ event: String, _ handler: @escaping @Sendable (T, SocketAck?) async throws -> Void) {
        addHandler(SocketEventHandler(event: event, invoke: Self.asyncInvoker { socket, arguments, ack in
            guard let value: T = socket.decodeArgument(event, arguments) else { return }
            try await handler(value, ack)
        }))
    }

    /// Removes every handler of `event` registered on this socket.
    public func off(_ event: String) {
        onLoop { [self] in handlers.removeAll { $0.event == event } }
    }

    /// Calls `listener` for every incoming event, before its handlers.
    @discardableResult
    public func onAny(_ listener: @escaping @Sendable (String, SIOArguments) -> Void) -> SocketListenerToken {
        let token = SocketListenerToken(value: namespace.server.nextToken())
        onLoop { [self] in anyListeners.append(SocketAnyListener(token: token) { _, e, a in listener(e, a) }) }
        return token
    }

    /// Like `onAny`, but called before the listeners already registered.
    @discardableResult
    public func prependAny(_ listener: @escaping @Sendable (String, SIOArguments) -> Void) -> SocketListenerToken {
        let token = SocketListenerToken(value: namespace.server.nextToken())
        onLoop { [self] in anyListeners.insert(SocketAnyListener(token: token) { _, e, a in listener(e, a) }, at: 0) }
        return token
    }

    /// Removes one `onAny` listener, or all of them when `token` is nil.
    public func offAny(_ token: SocketListenerToken? = nil) {
        onLoop { [self] in
            if let token { anyListeners.removeAll { $0.token == token } } else { anyListeners.removeAll() }
        }
    }

    /// Calls `listener` for every event the socket emits (not broadcasts), before it is sent.
    @discardableResult
    public func onAnyOutgoing(_ listener: @escaping @Sendable (String, SIOArguments) -> Void) -> SocketListenerToken {
        let token = SocketListenerToken(value: namespace.server.nextToken())
        onLoop { [self] in anyOutgoingListeners.append(SocketAnyListener(token: token) { _, e, a in listener(e, a) }) }
        return token
    }

    /// Removes one `onAnyOutgoing` listener, or all of them when `token` is nil.
    public func offAnyOutgoing(_ token: SocketListenerToken? = nil) {
        onLoop { [self] in
            if let token { anyOutgoingListeners.removeAll { $0.token == token } } else { anyOutgoingListeners.removeAll() }
        }
    }

    /// Adds packet middleware: it sees every incoming event before the handlers; throwing drops the event and
    /// reports the error to the `error` handlers (the reference's `socket.use`).
    public func use(_ middleware: @escaping @Sendable (SocketIncomingEvent) async throws -> Void) {
        onLoop { [self] in packetMiddlewares.append(middleware) }
    }

    /// Called when the socket is about to leave: its rooms are still readable.
    public func onDisconnecting(_ handler: @escaping @Sendable (Socket, DisconnectReason) -> Void) {
        onLoop { [self] in disconnectingHandlers.append(handler) }
    }

    /// Called once the socket has left its namespace.
    public func onDisconnect(_ handler: @escaping @Sendable (Socket, DisconnectReason) -> Void) {
        onLoop { [self] in disconnectHandlers.append(handler) }
    }

    /// Called for errors about this socket: undecodable arguments, failing handlers, refusing packet middleware.
    public func onError(_ handler: @escaping @Sendable (Socket, any Error) -> Void) {
        onLoop { [self] in errorHandlers.append(handler) }
    }

    func addHandler(_ handler: SocketEventHandler) {
        onLoop { [self] in handlers.append(handler) }
    }

    /// Wraps an async handler: a task per event, errors reported on the socket.
    static func asyncInvoker(
        _ body: @escaping @Sendable (Socket, SIOArguments, SocketAck?) async throws -> Void
    ) -> @Sendable (Socket, SIOArguments, SocketAck?) -> Void {
        { socket, arguments, ack in
            Task {
                do {
                    try await body(socket, arguments, ack)
                } catch {
                    socket.reportError(SocketIOError.handlerFailed.with("\(error)"))
                }
            }
        }
    }

    /// Decodes the first argument of `event`, reporting a failure instead of throwing.
    func decodeArgument<T: Decodable>(_ event: String, _ arguments: SIOArguments) -> T? {
        do {
            return try arguments.decode(T.self, at: 0)
        } catch {
            reportError(SocketIOError.decodingFailed.with("\(event): \(error)"))
            return nil
        }
    }
}
