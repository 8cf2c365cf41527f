import NIOConcurrencyHelpers
public import SIOParserNIO

/// An event received through `SocketIOClientSocket.events(_:)`.
public struct SocketIOIncomingEvent: Sendable {
    /// The event's arguments.
    public let arguments: SIOArguments
    /// The answer, when the server asked for one.
    public let ack: SocketIOAck
}

extension SocketIOClientSocket {
    /// Calls `handler` for every `event` from the server.
    @discardableResult
    public func on(_ event: String, _ handler: @escaping SocketIOEventHandler) -> SocketIOHandlerID {
        addHandler(event, handler)
    }

    private func addHandler(_ event: String, _ handler: @escaping SocketIOEventHandler) -> SocketIOHandlerID {
        box.withLockedValue { inner in
            let id = inner.handlers.makeID()
            inner.handlers.events[event, default: []].append((id, handler))
            return SocketIOHandlerID(value: id)
        }
    }

    /// Calls `handler` with the first argument of every `event` decoded as `T` (a missing one decodes like
    /// `undefined`: `nil` for an optional); `onDecodingError` gets the arguments that do not decode (they are
    /// otherwise skipped). For several typed arguments, use `on(_:_:)` and `SIOArguments.decode(_:...)`.
    @discardableResult
    public func on<T: Decodable & SendableMetatype>(
        _ event: String, as type: T.Type,
        onDecodingError: (@Sendable (any Error, SIOArguments) -> Void)? = nil,
        _ handler: @escaping @Sendable (T, SocketIOAck) -> Void
    ) -> SocketIOHandlerID {
        addHandler(event) { arguments, ack in
            do {
                handler(try arguments.decode(T.self, at: 0), ack)
            } catch {
                onDecodingError?(error, arguments)
            }
        }
    }

    /// Calls `handler` for every event, before the event's own handlers.
    @discardableResult
    public func onAny(_ handler: @escaping @Sendable (String, SIOArguments) -> Void) -> SocketIOHandlerID {
        box.withLockedValue { inner in
            let id = inner.handlers.makeID()
            inner.handlers.any.append((id, handler))
            return SocketIOHandlerID(value: id)
        }
    }

    /// Calls `handler` each time the namespace connects (first connection and every reconnection).
    @discardableResult
    public func onConnect(_ handler: @escaping @Sendable () -> Void) -> SocketIOHandlerID {
        box.withLockedValue { inner in
            let id = inner.handlers.makeID()
            inner.handlers.connect.append((id, handler))
            return SocketIOHandlerID(value: id)
        }
    }

    /// Calls `handler` when a connection attempt fails (CONNECT_ERROR, or a connection that could not be opened).
    @discardableResult
    public func onConnectError(_ handler: @escaping @Sendable (SocketIOClientError) -> Void) -> SocketIOHandlerID {
        box.withLockedValue { inner in
            let id = inner.handlers.makeID()
            inner.handlers.connectError.append((id, handler))
            return SocketIOHandlerID(value: id)
        }
    }

    /// Calls `handler` when the socket leaves the connected state, with the reason.
    @discardableResult
    public func onDisconnect(
        _ handler: @escaping @Sendable (SocketIODisconnectReason) -> Void
    ) -> SocketIOHandlerID {
        box.withLockedValue { inner in
            let id = inner.handlers.makeID()
            inner.handlers.disconnect.append((id, handler))
            return SocketIOHandlerID(value: id)
        }
    }

    /// Removes a handler registered with any of the `on...` functions.
    public func off(_ id: SocketIOHandlerID) {
        box.withLockedValue { inner in
            for key in inner.handlers.events.keys {
                inner.handlers.events[key]?.removeAll { $0.id == id.value }
                if inner.handlers.events[key]?.isEmpty == true { inner.handlers.events[key] = nil }
            }
            inner.handlers.any.removeAll { $0.id == id.value }
            inner.handlers.connect.removeAll { $0.id == id.value }
            inner.handlers.connectError.removeAll { $0.id == id.value }
            inner.handlers.disconnect.removeAll { $0.id == id.value }
        }
    }

    /// Removes every handler of `event`.
    public func off(event: String) {
        box.withLockedValue { _ = $0.handlers.events.removeValue(forKey: event) }
    }

    /// The events named `event` as a stream; it keeps the newest `bufferLimit` events the reader has not taken
    /// yet (older ones are dropped, so an unread stream cannot grow memory), and ends its handler when the
    /// iteration ends.
    public func events(_ event: String, bufferLimit: Int = 1_000) -> AsyncStream<SocketIOIncomingEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: SocketIOIncomingEvent.self, bufferingPolicy: .bufferingNewest(max(bufferLimit, 1)))
        let id = addHandler(event) { arguments, ack in
            continuation.yield(SocketIOIncomingEvent(arguments: arguments, ack: ack))
        }
        continuation.onTermination = { [weak self] _ in self?.off(id) }
        return stream
    }
}
