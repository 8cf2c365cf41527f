import Logging
import SIOParser
import SIOParserNIO
import SocketIO
import Transports

extension AppRuntime {
    /// An event arrived (on the socket's loop): it enters the socket's queue; the first starts the pipeline task.
    func receive(_ socket: Socket, _ incoming: Incoming) {
        guard let state = state(of: socket) else { return }
        switch state.enqueue(incoming, limit: maxQueuedEvents) {
        case .start:
            Task { await drain(state, first: incoming) }
        case .queued, .dropped:
            break
        case .overflow:
            state.logger.debug("too many queued events")
            state.close()
            socket.engineSession.close(
                reason: .sendQueueOverflow.with(detail: "more than \(maxQueuedEvents) queued events"))
        }
    }

    /// Runs events through the pipeline one at a time until none waits.
    private func drain(_ state: AppSocketState, first: Incoming) async {
        var next: Incoming? = first
        while let incoming = next {
            await process(incoming, state)
            next = state.dequeue()
        }
    }

    /// One event through the packet onion, ending in its route (or nothing when unrouted).
    private func process(_ incoming: Incoming, _ state: AppSocketState) async {
        if incoming.isConnection {
            guard let route = state.namespace.systemRoutes[.connection] else { return }
            let context = EventContext(
                socket: state.socket, app: app, event: incoming.event, arguments: .empty, wantsAck: false,
                session: state.session, logger: state.logger)
            return await runSystemRoute(route, context, state)
        }
        var eventLogger = state.logger
        eventLogger[metadataKey: "event"] = "\(incoming.event)"
        let logger = eventLogger
        let context = PacketContext(
            socket: state.socket, app: app, event: incoming.event, arguments: incoming.arguments,
            wantsAck: incoming.ack != nil, session: state.session, logger: logger)
        let route = state.namespace.routes[incoming.event]
        var chain = state.namespace.packetChain
        if let route, !route.middleware.isEmpty {
            chain = chain.appending(route.middleware.enumerated().map { index, body in
                MiddlewareChain<PacketContext>.Entry(label: "\(incoming.event)#\(index)", body: body)
            })
        }
        do {
            let stopped = try await chain.run(context, failClosed: false) {
                guard let route else { return }
                await self.invoke(route, incoming, state, logger: logger)
            }
            if let stopped { logger.trace("packet dropped by middleware", metadata: ["middleware": "\(stopped)"]) }
        } catch {
            let rejected = AppPacketRejected(event: incoming.event, underlying: error)
            if let ack = incoming.ack { ack(AppErrorMapping.ackPayload(for: rejected)) }
            await report(rejected, state, event: incoming.event)
        }
    }

    /// Runs a route's handler and sends its reply: the emitted event, then the acknowledgement. Failures are
    /// answered (`{"error": ...}`) and reported, never thrown to the middleware.
    private func invoke(_ route: Route, _ incoming: Incoming, _ state: AppSocketState, logger: Logger) async {
        let context = EventContext(
            socket: state.socket, app: app, event: incoming.event, arguments: incoming.arguments,
            wantsAck: incoming.ack != nil, session: state.session, logger: logger)
        do {
            let output = try await route.invoke(context)
            if let event = route.reply.event, let emit = output.emit {
                switch route.reply.target {
                case .none:
                    break
                case .caller:
                    try emit(event, .socket(state.socket))
                case .rooms(let pick):
                    let rooms = Set(pick(context))
                    // An empty set would address the whole namespace.
                    if !rooms.isEmpty { try emit(event, .broadcast(state.socket.namespace.all.to(rooms))) }
                case .namespace:
                    try emit(event, .broadcast(state.socket.namespace.all))
                }
            }
            if let ack = incoming.ack { output.acknowledge(ack) }
        } catch {
            if let ack = incoming.ack { ack(AppErrorMapping.ackPayload(for: error)) }
            await report(error, state, event: incoming.event)
        }
    }

    /// Raises an error of the pipeline as the socket's error event; the listener installed when the socket was
    /// listed (`handleSocketError`) logs it and runs the `error` route, so errors from the server itself take the
    /// same path.
    func report(_ error: any Error, _ state: AppSocketState, event: String?) async {
        state.socket.reportError(error)
    }

    /// Logs a socket error and runs the `error` route.
    func handleSocketError(_ error: any Error, _ state: AppSocketState) async {
        var metadata: Logger.Metadata = ["error": "\(error)"]
        if let rejected = error as? AppPacketRejected { metadata["event"] = "\(rejected.event)" }
        state.logger.log(level: AppErrorMapping.logLevel(for: error), "socket error", metadata: metadata)
        guard let route = state.namespace.systemRoutes[.error] else { return }
        let context = EventContext(
            socket: state.socket, app: app, event: SystemEvent.error.name, arguments: .empty, wantsAck: false,
            session: state.session, logger: state.logger, error: error)
        await runSystemRoute(route, context, state)
    }

    /// Runs a system route; its own failure is only logged (an `error` route failing must not loop).
    func runSystemRoute(
        _ route: @Sendable (EventContext) async throws -> Void, _ context: EventContext, _ state: AppSocketState
    ) async {
        do {
            try await route(context)
        } catch {
            state.logger.error("\(context.event) route failed", metadata: ["error": "\(error)"])
        }
    }
}
