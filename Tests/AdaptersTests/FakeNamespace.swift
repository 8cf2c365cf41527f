import Adapters
import NIOConcurrencyHelpers
import SIOParser
import SIOParserNIO

/// One delivery the fake namespace recorded.
struct Delivery: Sendable {
    var json: String
    var targets: Set<SocketID>
    var flags: BroadcastFlags
    var withAck: Bool
}

/// A namespace that records deliveries and owns fake sockets wired to an adapter.
final class FakeNamespace: AdapterNamespace, @unchecked Sendable {
    let name: String
    private let lock = NIOLock()
    private var _deliveries: [Delivery] = []
    private var _sockets: [SocketID: FakeSocket] = [:]
    private var _serverEvents: [(String, [JSONValue])] = []
    private var _adapter: (any SocketIOAdapter)?
    private var _ackAnswer: (@Sendable (SocketID) -> SIOArguments?)? = { id in SIOArguments([.string(id)]) }
    private var _ackHook: (@Sendable (SocketID, @escaping @Sendable (SocketID, SIOArguments) -> Void) -> Void)?
    private var _reentry: (@Sendable () -> Void)?
    private var _serverAckAnswer: (@Sendable (String) -> SIOArguments?)? = { name in
        SIOArguments([.string("ack from \(name)")])
    }

    init(name: String = "/") { self.name = name }

    /// Set after the adapter is made (the adapter needs the namespace first).
    var adapter: any SocketIOAdapter {
        get { lock.withLock { _adapter! } }
        set { lock.withLock { _adapter = newValue } }
    }
    /// What a socket answers to an ack broadcast (nil: never answers).
    var ackAnswer: (@Sendable (SocketID) -> SIOArguments?)? {
        get { lock.withLock { _ackAnswer } }
        set { lock.withLock { _ackAnswer = newValue } }
    }
    /// What this node answers to a server-side emit with an ack (nil: never answers).
    var serverAckAnswer: (@Sendable (String) -> SIOArguments?)? {
        get { lock.withLock { _serverAckAnswer } }
        set { lock.withLock { _serverAckAnswer = newValue } }
    }

    /// Called for each target of an ack broadcast with the ack callback (to answer later).
    var ackHook: (@Sendable (SocketID, @escaping @Sendable (SocketID, SIOArguments) -> Void) -> Void)? {
        get { lock.withLock { _ackHook } }
        set { lock.withLock { _ackHook = newValue } }
    }

    /// Called at the start of every call from the adapter (a test re-enters the adapter from there).
    var reentry: (@Sendable () -> Void)? {
        get { lock.withLock { _reentry } }
        set { lock.withLock { _reentry = newValue } }
    }

    var deliveries: [Delivery] { lock.withLock { _deliveries } }
    var serverEvents: [(String, [JSONValue])] { lock.withLock { _serverEvents } }
    var socketIDs: Set<SocketID> { lock.withLock { Set(_sockets.keys) } }
    func socket(_ id: SocketID) -> FakeSocket? { lock.withLock { _sockets[id] } }

    /// Connects a socket: registers it and joins its rooms through the adapter, as the server does.
    @discardableResult
    func connect(_ id: SocketID, rooms: Set<Room> = []) async -> FakeSocket {
        let socket = FakeSocket(id: id, namespace: self)
        lock.withLock { _sockets[id] = socket }
        await adapter.addAll(id, rooms: rooms.union([id]))
        return socket
    }

    /// Removes a socket, as the server does on disconnection.
    func remove(_ id: SocketID) async {
        _ = lock.withLock { _sockets.removeValue(forKey: id) }
        await adapter.deleteAll(id)
    }

    func deliver(_ packet: BroadcastPacket, to targets: [SocketID], flags: BroadcastFlags) {
        reentry?()
        lock.withLock {
            let known = targets.filter { _sockets[$0] != nil }
            _deliveries.append(
                Delivery(json: packet.arguments.jsonString, targets: Set(known), flags: flags, withAck: false)
            )
        }
    }

    func deliverWithAck(
        _ packet: BroadcastPacket, to targets: [SocketID], flags: BroadcastFlags,
        onAck: @escaping @Sendable (SocketID, SIOArguments) -> Void
    ) -> Int {
        reentry?()
        let (known, answer) = lock.withLock {
            let known = targets.filter { _sockets[$0] != nil }
            _deliveries.append(
                Delivery(json: packet.arguments.jsonString, targets: Set(known), flags: flags, withAck: true)
            )
            return (known, _ackAnswer)
        }
        for id in known { if let arguments = answer?(id) { onAck(id, arguments) } }
        if let hook = ackHook { for id in known { hook(id, onAck) } }
        return known.count
    }

    func localSocket(_ id: SocketID) -> (any AdapterSocket)? {
        reentry?()
        return lock.withLock { _sockets[id] }
    }

    func serverSideEventReceived(_ event: String, arguments: SIOArguments, ack: (@Sendable (SIOArguments) -> Void)?) {
        let answer = lock.withLock {
            _serverEvents.append((event, arguments.values))
            return _serverAckAnswer
        }
        if let ack, let arguments = answer?(name) { ack(arguments) }
    }
}

/// A socket that applies join/leave through the adapter and records disconnection.
final class FakeSocket: AdapterSocket, @unchecked Sendable {
    let id: SocketID
    unowned let namespace: FakeNamespace
    private let lock = NIOLock()
    private var _disconnected: Bool?

    init(id: SocketID, namespace: FakeNamespace) {
        self.id = id
        self.namespace = namespace
    }

    /// `nil` while connected; otherwise whether the connection was closed too.
    var disconnectedWithClose: Bool? { lock.withLock { _disconnected } }

    func details() async -> SocketDetails {
        let rooms = await namespace.adapter.rooms(of: id) ?? [id]
        return SocketDetails(id: id, handshake: ["url": "/socket.io/"], rooms: rooms, data: ["user": .string(id)])
    }

    func join(_ rooms: Set<Room>) async { await namespace.adapter.addAll(id, rooms: rooms) }

    func leave(_ rooms: Set<Room>) async {
        for room in rooms { await namespace.adapter.delete(id, room: room) }
    }

    func disconnect(close: Bool) async {
        lock.withLock { _disconnected = close }
        await namespace.remove(id)
    }
}

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let start = ContinuousClock.now
    private let elapsed = NIOLockedValueBox(Duration.zero)

    func advance(_ duration: Duration) { elapsed.withLockedValue { $0 += duration } }
    var now: @Sendable () -> ContinuousClock.Instant { { [self] in start + elapsed.withLockedValue { $0 } } }
}

/// A packet for `["event", args...]` encoded from values.
func makePacket(_ event: String, _ arguments: JSONValue..., namespace: String = "/") -> BroadcastPacket {
    BroadcastPacket(namespace: namespace, arguments: SIOArguments([.string(event)] + arguments).encoded())
}

/// An in-memory adapter wired to a fresh fake namespace.
func makeAdapter(
    recovery: Duration? = nil, clock: ManualClock = ManualClock(), options: InMemoryAdapterOptions = .init()
) -> (InMemoryAdapter, FakeNamespace) {
    let namespace = FakeNamespace()
    let adapter = InMemoryAdapter(
        configuration: AdapterConfiguration(namespace: namespace, maxDisconnectionDuration: recovery),
        options: options, now: clock.now
    )
    namespace.adapter = adapter
    return (adapter, namespace)
}
