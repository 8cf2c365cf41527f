import Logging
import NIOCore
import SIOParser
import SIOParserNIO
import Transports

extension Socket {
    /// Takes an EVENT or ACK packet of this socket's namespace. Runs on the socket's loop.
    func handlePacket(_ packet: SIOPacket<ByteBufferView>) {
        switch state {
        case .opening where packet.type.isAck:
            // A connection handler may be awaiting this very acknowledgement: holding it back would deadlock.
            dispatch(packet)
        case .opening(var waiting):
            // `connection` handlers have not finished: keep the order, dispatch when they have.
            guard waiting.count < namespace.server.options.maxQueuedEvents else { return queueOverflowed() }
            waiting.append(packet)
            state = .opening(waiting)
        case .open:
            dispatch(packet)
        case .closed:
            break
        }
    }

    /// The `connection` handlers finished: the socket dispatches what waited, then everything as it comes.
    func finishOpening() {
        guard case .opening(let waiting) = state else { return }
        state = .open
        for packet in waiting {
            guard case .open = state else { return }
            dispatch(packet)
        }
    }

    func dispatch(_ packet: SIOPacket<ByteBufferView>) {
        if packet.type.isAck {
            guard let id = packet.ackID, let pending = pendingAcks.removeValue(forKey: id) else { return }
            pending.timer?.cancel()
            pending.callback(.success(SIOArguments(packet: packet)))
            return
        }
        if let queued = middlewareBacklog?.count {
            // Middleware is running for an earlier event: this one waits its turn.
            guard queued < namespace.server.options.maxQueuedEvents else { return queueOverflowed() }
            middlewareBacklog?.append(packet)
            return
        }
        let arguments = SIOArguments(packet: packet)
        let ack = packet.ackID.map { SocketAck(socket: self, id: $0) }
        guard !anyListeners.isEmpty || !packetMiddlewares.isEmpty else {
            invokeHandlers(packet, arguments, ack)
            return
        }
        let event = Self.eventName(of: packet)
        for listener in anyListeners { listener.body(self, event, arguments) }
        guard !packetMiddlewares.isEmpty else {
            invokeHandlers(packet, arguments, ack)
            return
        }
        middlewareBacklog = []
        let incoming = SocketIncomingEvent(socket: self, event: event, arguments: arguments, wantsAck: ack != nil)
        runMiddlewares(incoming) { socket, accepted in
            if accepted { socket.invokeHandlers(packet, arguments, ack) }
            // Events that arrived meanwhile go through middleware one at a time, in order.
            let backlog = socket.middlewareBacklog ?? []
            socket.middlewareBacklog = nil
            for (index, next) in backlog.enumerated() {
                guard case .open = socket.state else { return }
                socket.dispatch(next)
                if socket.middlewareBacklog != nil {
                    socket.middlewareBacklog?.append(contentsOf: backlog[(index + 1)...])
                    return
                }
            }
        }
    }

    /// Calls the handlers of the packet's event: the socket's own, then the namespace's.
    func invokeHandlers(_ packet: SIOPacket<ByteBufferView>, _ arguments: SIOArguments, _ ack: SocketAck?) {
        var handled = false
        // A numeric name (`42[7]`, valid for the reference) reaches handlers of its decimal text, as a JavaScript
        // emitter's keys do.
        let number = packet.eventNameBytes.flatMap { $0.first == 0x22 ? nil : String(decoding: $0, as: UTF8.self) }
        func matches(_ name: String) -> Bool { number.map { $0 == name } ?? packet.eventNameEquals(name) }
        for handler in handlers where matches(handler.event) {
            handler.invoke(self, arguments, ack)
            handled = true
        }
        let (named, catchAll) = namespace.eventHandlerSets
        for handler in named where matches(handler.event) {
            handler.invoke(self, arguments, ack)
            handled = true
        }
        if !catchAll.isEmpty {
            let name = Self.eventName(of: packet)
            for handler in catchAll { handler(self, name, arguments, ack) }
            handled = true
        }
        if !handled {
            namespace.server.logger.trace(
                "event without handler", metadata: ["namespace": "\(namespace.name)", "socket": "\(id)"])
        }
    }

    /// Runs packet middleware in order in a task, then `next` back on the loop (with whether every middleware
    /// accepted the event); a refusal is reported.
    func runMiddlewares(_ event: SocketIncomingEvent, next: @escaping @Sendable (Socket, Bool) -> Void) {
        let middlewares = packetMiddlewares
        Task {
            let accepted: Bool
            do {
                for middleware in middlewares { try await middleware(event) }
                accepted = true
            } catch {
                accepted = false
                reportError(SocketIOError.middlewareRejected.with("\(event.event): \(error)"))
            }
            onLoop { [self] in
                guard case .open = state else { return }
                next(self, accepted)
            }
        }
    }

    /// More than `maxQueuedEvents` events had to wait: the client floods a slow handler, so its connection closes.
    func queueOverflowed() {
        namespace.server.logger.debug(
            "too many queued events", metadata: ["namespace": "\(namespace.name)", "socket": "\(id)"])
        let limit = namespace.server.options.maxQueuedEvents
        connection.session.close(reason: .sendQueueOverflow.with(detail: "more than \(limit) queued events"))
    }

    /// The event's name for listeners: the string, or a number's JSON text (`7`).
    static func eventName(of packet: SIOPacket<ByteBufferView>) -> String {
        guard let raw = packet.eventNameBytes else { return "" }
        if raw.first != 0x22 { return String(decoding: raw, as: UTF8.self) }
        return packet.eventName.flatMap { $0.stringValue } ?? ""
    }
}
