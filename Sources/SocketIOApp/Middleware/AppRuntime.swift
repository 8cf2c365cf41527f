import Logging
import NIOCore
import SIOParserNIO
import SocketIO
import Synchronization
import Transports

/// The running pipeline of a started application: it hooks every namespace's server callbacks and keeps the
/// per-socket state.
final class AppRuntime: Sendable {
    // Strong: the server's hooks keep the runtime, and a caller may keep only the server.
    let app: SocketIOApplication
    let resolver: SessionResolver?
    let maxQueuedEvents: Int
    let namespaces: [String: NamespaceRuntime]
    private let sockets = Mutex<[ObjectIdentifier: AppSocketState]>([:])
    /// How often a connection whose middleware is still running checks whether its client left.
    static let watchdogInterval = TimeAmount.milliseconds(200)

    init(app: SocketIOApplication, resolver: SessionResolver?, maxQueuedEvents: Int, namespaces: [String: NamespaceRuntime]) {
        self.app = app
        self.resolver = resolver
        self.maxQueuedEvents = maxQueuedEvents
        self.namespaces = namespaces
    }

    /// Installs the pipeline's hooks on `namespace`.
    func install(on namespace: Namespace, _ runtime: NamespaceRuntime) {
        namespace.use { [self] socket in try await connect(socket, runtime) }
        namespace.onConnection { [self] (socket: Socket) in listed(socket) }
        namespace.onAnyEvent { [self] socket, event, arguments, ack in
            receive(socket, Incoming(event: event, arguments: arguments, ack: ack))
        }
        namespace.onDisconnecting { [self] socket, reason in disconnecting(socket, reason) }
        namespace.onDisconnect { [self] socket, reason in disconnected(socket, reason) }
    }

    typealias Incoming = AppSocketState.Incoming

    /// The state of a socket, nil when the application does not know it (refused, or gone).
    func state(of socket: Socket) -> AppSocketState? {
        sockets.withLock { $0[ObjectIdentifier(socket)] }
    }

    /// How many sockets the runtime keeps state for (tests check that nothing is left behind).
    var trackedSocketCount: Int { sockets.withLock { $0.count } }

    /// A logger carrying the socket's namespace and id.
    func logger(for socket: Socket) -> Logger {
        var logger = app.logger
        logger[metadataKey: "namespace"] = "\(socket.namespace.name)"
        logger[metadataKey: "socket"] = "\(socket.id)"
        return logger
    }

    // MARK: Connection

    /// The server's connection middleware: resolves the session, starts the onion in its own task, and waits
    /// until the innermost `next()` accepts (or something refuses).
    private func connect(_ socket: Socket, _ namespace: NamespaceRuntime) async throws {
        let session: Session?
        do {
            session = try await resolver?.resolve(socket.handshake)
        } catch {
            logger(for: socket).error("session resolution failed", metadata: ["error": "\(error)"])
            throw AppErrorMapping.connectError(for: error)
        }
        let state = AppSocketState(socket: socket, namespace: namespace, session: session, logger: logger(for: socket))
        sockets.withLock { $0[ObjectIdentifier(socket)] = state }
        state.lifecycle.attach(Task { await runConnectionChain(state) })
        startWatchdog(state)
        do {
            try await state.lifecycle.waitForAcceptance()
        } catch {
            forget(state)
            // Settles the lifecycle, which also stops the watchdog (the engine connection may stay open for a retry).
            state.lifecycle.ended(nil)
            state.logger.log(level: AppErrorMapping.logLevel(for: error), "connection refused", metadata: ["error": "\(error)"])
            throw AppErrorMapping.connectError(for: error)
        }
    }

    /// Runs the connection onion; its innermost step accepts the socket and waits for its end.
    private func runConnectionChain(_ state: AppSocketState) async {
        let context = ConnectionContext(socket: state.socket, app: app, session: state.session, logger: state.logger)
        let stops = StopRecord()
        do {
            _ = try await state.namespace.connectionChain.run(context, failClosed: true, firstStop: stops) {
                try await self.acceptAndWait(state)
            }
            if !state.lifecycle.isAccepted {
                // An outer middleware swallowed the refusal of an inner one: still refused.
                state.lifecycle.decide(.failure(AppMiddlewareError.nextNotCalled.with(middleware: stops.first ?? "?")))
            }
        } catch {
            if !state.lifecycle.decide(.failure(error)) {
                guard state.lifecycle.isAccepted else {
                    // The client left before acceptance: the middleware saw its cancellation.
                    state.logger.debug("connection middleware ended after the client left", metadata: ["error": "\(error)"])
                    return
                }
                // Accepted already: the socket is gone or going; the error can only be logged and reported.
                state.logger.log(
                    level: AppErrorMapping.logLevel(for: error), "connection middleware failed after next()",
                    metadata: ["error": "\(error)"])
                let left = (error as? AppMiddlewareError) == .connectionClosed
                if !left { await report(error, state, event: nil) }
            }
        }
    }

    /// The innermost `next()`: saves a new session, accepts, then waits for the disconnection and saves the
    /// session again if it changed.
    private func acceptAndWait(_ state: AppSocketState) async throws {
        // Cancelled: the client left while the middleware ran.
        if Task.isCancelled { throw AppMiddlewareError.connectionClosed }
        if let session = state.session {
            do {
                try await resolver?.persistIfNeeded(session)
            } catch {
                state.logger.error("session save failed", metadata: ["error": "\(error)"])
            }
        }
        guard state.lifecycle.decide(.success(())) else { throw AppMiddlewareError.connectionClosed }
        guard await state.lifecycle.waitForEnd() != nil else { throw AppMiddlewareError.connectionClosed }
        if let session = state.session {
            do {
                try await resolver?.persistIfNeeded(session)
            } catch {
                state.logger.error("session save failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Until the namespace lists the socket, checks now and then whether the client left (then no disconnect
    /// event would ever come): the middleware task is cancelled and every waiter resumed.
    private func startWatchdog(_ state: AppSocketState) {
        let socket = state.socket
        socket.eventLoop.scheduleRepeatedTask(initialDelay: Self.watchdogInterval, delay: Self.watchdogInterval) {
            [self] task in
            if state.lifecycle.isSettled {
                task.cancel()
            } else if socket.engineSession.isClosed {
                task.cancel()
                forget(state)
                state.close()
                state.lifecycle.ended(nil)
            }
        }
    }

    /// The namespace listed the socket (its CONNECT answer went out).
    private func listed(_ socket: Socket) {
        guard let state = state(of: socket) else { return }
        state.lifecycle.listed()
        socket.onError { [self] _, error in
            Task { await handleSocketError(error, state) }
        }
        if state.namespace.systemRoutes[.connection] != nil {
            // Queued like an event, so it runs before the socket's first event.
            receive(socket, Incoming(event: SystemEvent.connection.name, arguments: .empty, ack: nil, isConnection: true))
        }
    }

    /// The socket is leaving: the `disconnecting` route sees its rooms as they are now.
    private func disconnecting(_ socket: Socket, _ reason: DisconnectReason) {
        guard let state = state(of: socket), let route = state.namespace.systemRoutes[.disconnecting] else { return }
        let context = EventContext(
            socket: socket, app: app, event: SystemEvent.disconnecting.name, arguments: .empty, wantsAck: false,
            session: state.session, logger: state.logger, disconnectReason: reason, rooms: socket.rooms)
        Task { await runSystemRoute(route, context, state) }
    }

    /// The socket left: waiting events are dropped, the onion unwinds, the `disconnect` route runs.
    private func disconnected(_ socket: Socket, _ reason: DisconnectReason) {
        guard let state = state(of: socket) else { return }
        forget(state)
        state.close()
        state.lifecycle.ended(reason)
        guard let route = state.namespace.systemRoutes[.disconnect] else { return }
        let context = EventContext(
            socket: socket, app: app, event: SystemEvent.disconnect.name, arguments: .empty, wantsAck: false,
            session: state.session, logger: state.logger, disconnectReason: reason, rooms: [])
        Task { await runSystemRoute(route, context, state) }
    }

    /// Drops the socket's state.
    private func forget(_ state: AppSocketState) {
        sockets.withLock { sockets in
            if sockets[ObjectIdentifier(state.socket)] === state { sockets[ObjectIdentifier(state.socket)] = nil }
        }
    }
}
