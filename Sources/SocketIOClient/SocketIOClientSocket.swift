import NIOConcurrencyHelpers
import NIOCore
public import SIOParser
public import SIOParserNIO

/// A handler for one event: its arguments (decoded lazily) and the answer, when the server asked for one.
public typealias SocketIOEventHandler = @Sendable (SIOArguments, SocketIOAck) -> Void

/// Identifies a registered handler, for `off(_:)`.
public struct SocketIOHandlerID: Hashable, Sendable {
    let value: UInt64
}

/// One namespace of a `SocketIOManager`'s connection, as the reference client's `Socket`: connect with auth,
/// emit (with or without an acknowledgement), receive events, reconnect with its manager.
///
/// Handlers run on the manager's receive path, in packet order, and must not block; `emit` and acks never block
/// (they queue), so a handler may call them. Emits made while disconnected are queued and sent on connect.
public final class SocketIOClientSocket: Sendable {
    /// The namespace, e.g. `/` or `/chat`.
    public let namespace: String
    /// The manager whose connection this socket uses.
    public let manager: SocketIOManager

    struct Handlers {
        var events: [String: [(id: UInt64, handler: SocketIOEventHandler)]] = [:]
        var any: [(id: UInt64, handler: @Sendable (String, SIOArguments) -> Void)] = []
        var connect: [(id: UInt64, handler: @Sendable () -> Void)] = []
        var connectError: [(id: UInt64, handler: @Sendable (SocketIOClientError) -> Void)] = []
        var disconnect: [(id: UInt64, handler: @Sendable (SocketIODisconnectReason) -> Void)] = []
        var nextID: UInt64 = 0

        mutating func makeID() -> UInt64 {
            defer { nextID += 1 }
            return nextID
        }
    }

    struct Inner {
        var machine: SocketIOSocketStateMachine
        var handlers = Handlers()
        var connectWaiters: [ResultSlot<Void>] = []
    }

    let box: NIOLockedValueBox<Inner>
    private let configuration: SocketIOClientConfiguration

    init(namespace: String, auth: JSONValue?, manager: SocketIOManager, configuration: SocketIOClientConfiguration) {
        self.namespace = namespace
        self.manager = manager
        self.configuration = configuration
        box = NIOLockedValueBox(
            Inner(
                machine: SocketIOSocketStateMachine(
                    namespace: namespace, auth: auth, maxBuffered: configuration.maxBufferedEmits)))
    }

    // MARK: - State

    /// The socket id the server gave in its CONNECT answer, while connected.
    public var id: String? {
        box.withLockedValue { inner in
            switch inner.machine.state {
            case .connected(let id): id
            case .inactive, .connecting: nil
            }
        }
    }

    /// Whether the namespace is connected.
    public var connected: Bool { id != nil }

    /// Whether the socket wants a connection (connected, or connecting / reconnecting).
    public var active: Bool { box.withLockedValue { $0.machine.isActive } }

    /// Whether the last CONNECT answer restored the previous session (connection state recovery).
    public var recovered: Bool { box.withLockedValue { $0.machine.recovered } }

    /// The CONNECT payload sent on the next connection (`pid` and `offset` are added when recovering).
    public var auth: JSONValue? {
        get { box.withLockedValue { $0.machine.auth } }
        set { box.withLockedValue { $0.machine.auth = newValue } }
    }

    // MARK: - Connecting

    /// Connects the namespace (opening the manager's connection if needed) and returns once the server accepted
    /// it.
    ///
    /// Throws `connectError` (the server's CONNECT_ERROR, with its message and data), `connectionFailed` (the
    /// connection could not be opened and will not be retried), `timeout` (no CONNECT answer within the
    /// configuration's `timeout`; the socket then stops trying), `disconnected` or `cancelled`. While reconnection
    /// is on, failed connection attempts are reported to `onConnectError` handlers and retried.
    public func connect() async throws(SocketIOClientError) {
        let slot = ResultSlot<Void>()
        let alreadyConnected = box.withLockedValue { inner -> Bool in
            if case .connected = inner.machine.state { return true }
            inner.connectWaiters.append(slot)
            inner.machine.connectRequested()
            return false
        }
        if alreadyConnected { return }
        await manager.socketWantsConnection(self)
        let timeout = configuration.timeout
        let timer = Task {
            try await Task.sleep(for: timeout)
            slot.fulfil(.failure(.timeout.with("no CONNECT answer for \(self.namespace) within \(timeout)")))
        }
        let result = await withTaskCancellationHandler {
            await slot.wait()
        } onCancel: {
            slot.fulfil(.failure(.cancelled.with("connect() was cancelled")))
        }
        timer.cancel()
        switch result {
        case .success:
            return
        case .failure(let error):
            if error == .timeout || error == .cancelled { await disconnect() }
            throw error
        }
    }

    /// Leaves the namespace: a DISCONNECT to the server, pending acks fail with `disconnected`, queued emits are
    /// dropped, and the socket does not reconnect. The manager closes its connection when no socket is left.
    public func disconnect() async {
        let actions = step { $0.disconnectRequested() }
        perform(actions)
        if actions.contains(where: { if case .leave = $0 { true } else { false } }) {
            await manager.socketLeft(self)
        }
    }

    // MARK: - Inputs from the manager (its isolation)

    func engineOpened(generation: Int) {
        perform(step { $0.engineOpened(generation: generation) })
    }

    func engineOpenFailed(_ detail: String, willRetry: Bool) {
        perform(step { $0.engineOpenFailed(detail, willRetry: willRetry) })
    }

    func engineClosed(_ reason: SocketIODisconnectReason, willReconnect: Bool) {
        perform(step { $0.engineClosed(reason, willReconnect: willReconnect) })
    }

    /// Returns whether the socket left (so the manager may close the connection).
    func received(_ packet: SIOPacket<ByteBufferView>) -> Bool {
        let actions = step { $0.received(packet) }
        perform(actions)
        return actions.contains { if case .leave = $0 { true } else { false } }
    }

    /// Writes an answer to the server's ack request (only while connected).
    func sendAnswer(_ packet: SocketIOOutbound) {
        perform(step { $0.sendIfConnected(packet) })
    }

    // MARK: - Performing actions

    /// Runs one machine input under the lock and queues its packets before releasing it, so that the wire order is
    /// the machine's order even when threads race (an emit can never follow the DISCONNECT that ended it).
    func step(
        _ input: (inout SocketIOSocketStateMachine) -> [SocketIOSocketStateMachine.Action]
    ) -> [SocketIOSocketStateMachine.Action] {
        box.withLockedValue { inner in
            let actions = input(&inner.machine)
            for case .send(let packet, let generation) in actions {
                manager.enqueue(packet, generation: generation)
            }
            return actions
        }
    }

    /// Performs everything but `.send` (which `step` did under the lock): waiters and handlers, outside it.
    func perform(_ actions: [SocketIOSocketStateMachine.Action]) {
        for action in actions {
            switch action {
            case .send:
                break
            case .connected:
                let (waiters, handlers) = box.withLockedValue { inner in
                    defer { inner.connectWaiters.removeAll() }
                    return (inner.connectWaiters, inner.handlers.connect)
                }
                for waiter in waiters { waiter.fulfil(.success(())) }
                for entry in handlers { entry.handler() }
            case .connectFailed(let error, let final):
                let (waiters, handlers) = box.withLockedValue { inner in
                    defer { if final { inner.connectWaiters.removeAll() } }
                    return (final ? inner.connectWaiters : [], inner.handlers.connectError)
                }
                for entry in handlers { entry.handler(error) }
                for waiter in waiters { waiter.fulfil(.failure(error)) }
            case .abandonConnect(let error):
                let waiters = box.withLockedValue { inner in
                    defer { inner.connectWaiters.removeAll() }
                    return inner.connectWaiters
                }
                for waiter in waiters { waiter.fulfil(.failure(error)) }
            case .disconnected(let reason, let failedAcks):
                let handlers = box.withLockedValue { $0.handlers.disconnect }
                for ack in failedAcks { ack(.failure(.disconnected.with("\(reason)"))) }
                for entry in handlers { entry.handler(reason) }
            case .event(let name, let arguments, let ackID):
                let (handlers, any) = box.withLockedValue { ($0.handlers.events[name] ?? [], $0.handlers.any) }
                let ack = SocketIOAck(socket: self, id: ackID)
                for entry in any { entry.handler(name, arguments) }
                for entry in handlers { entry.handler(arguments, ack) }
            case .ack(let callback, let arguments):
                callback(.success(arguments))
            case .leave:
                break
            }
        }
    }
}
