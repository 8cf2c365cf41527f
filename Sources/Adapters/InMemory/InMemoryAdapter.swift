import NIOConcurrencyHelpers

/// The single-node adapter: rooms in memory, delivery straight to the namespace's local sockets, and connection
/// state recovery when `configuration.maxDisconnectionDuration` is set.
///
/// Thread-safe: every method may be called from any thread. State is behind one lock, which is never held while the
/// adapter calls the namespace or a socket (the target list is computed under the lock, delivery happens after).
/// So two broadcasts racing on different threads may reach a socket in the other order than their recovery offsets;
/// the server keeps a socket's own emits in order by broadcasting them from one thread (`broadcastNow`).
///
/// Memory: a socket's own-id room is implied, never stored, so a socket in no other room costs one dictionary entry
/// and no set (`storedRoomCapacity` stays 0); a room exists only while it has members.
public final class InMemoryAdapter: SynchronousBroadcastAdapter {
    /// Rooms, and the recovery store when recovery is on.
    struct State: Sendable {
        var index = RoomIndex()
        var recovery: RecoveryStore?
    }

    /// The namespace and settings the adapter serves.
    public let configuration: AdapterConfiguration
    /// The recovery store's limits.
    public let options: InMemoryAdapterOptions
    /// The time source for recovery expiry (injectable so that tests need no sleeps).
    let now: @Sendable () -> ContinuousClock.Instant
    let state: NIOLockedValueBox<State>

    /// An adapter for the namespace in `configuration`; `now` is the clock recovery expiry is measured with.
    public init(
        configuration: AdapterConfiguration, options: InMemoryAdapterOptions = InMemoryAdapterOptions(),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.configuration = configuration
        self.options = options
        self.now = now
        var state = State()
        if let duration = configuration.maxDisconnectionDuration {
            state.recovery = RecoveryStore(maxDisconnectionDuration: duration, options: options)
        }
        self.state = NIOLockedValueBox(state)
    }

    /// Makes an `InMemoryAdapter` per namespace.
    public static func factory(options: InMemoryAdapterOptions = InMemoryAdapterOptions()) -> AdapterFactory {
        { InMemoryAdapter(configuration: $0, options: options) }
    }

    /// Nothing to start.
    public func start() async throws {}
    /// Nothing to stop.
    public func shutdown() async {}
    /// One node.
    public func serverCount() async -> Int { 1 }

    /// Adds a socket to rooms (registering it if new; its own id room is implied).
    public func addAll(_ id: SocketID, rooms: Set<Room>) async {
        addAllNow(id, rooms: rooms)
    }

    /// `addAll`, without suspending.
    public func addAllNow(_ id: SocketID, rooms: Set<Room>) {
        state.withLockedValue { $0.index.add(id, to: rooms) }
    }

    /// Removes a socket from one room.
    public func delete(_ id: SocketID, room: Room) async {
        state.withLockedValue { $0.index.remove(id, from: room) }
    }

    /// Removes a socket from every room and forgets it.
    public func deleteAll(_ id: SocketID) async {
        deleteAllNow(id)
    }

    /// Removes a socket from every room now.
    public func deleteAllNow(_ id: SocketID) {
        state.withLockedValue { $0.index.removeAll(id) }
    }

    /// The sockets in any of `rooms` (all when empty).
    public func sockets(in rooms: Set<Room>) async -> Set<SocketID> {
        state.withLockedValue { state in
            rooms.isEmpty ? Set(state.index.sids.keys) : state.index.members(of: rooms)
        }
    }

    /// A socket's rooms, its own id included.
    public func rooms(of id: SocketID) async -> Set<Room>? {
        roomsNow(of: id)
    }

    /// A socket's rooms now, its own id included.
    public func roomsNow(of id: SocketID) -> Set<Room>? {
        state.withLockedValue { $0.index.rooms(of: id) }
    }

    /// How many sockets are in any of `rooms` (all when empty), without listing them for a single room.
    public func countNow(in rooms: Set<Room>) -> Int {
        state.withLockedValue { $0.index.count(in: rooms) }
    }

    /// The ids `options` selects, computed under the lock.
    func targets(_ options: BroadcastOptions) -> [SocketID] {
        state.withLockedValue { $0.index.targets(rooms: options.rooms, except: options.except) }
    }

    /// How many rooms have members and how many sockets are known (for tests and metrics).
    public var counts: (rooms: Int, sockets: Int) {
        state.withLockedValue { ($0.index.rooms.count, $0.index.socketCount) }
    }
}

extension InMemoryAdapter {
    /// The total capacity of the per-socket room sets: 0 while no socket is in a room besides its own (tests check
    /// that idle sockets allocate no set).
    public var storedRoomCapacity: Int {
        state.withLockedValue { $0.index.sids.values.reduce(0) { $0 + $1.capacity } }
    }
}

extension InMemoryAdapter {
    /// How many broadcast packets the recovery store holds (0 when recovery is off).
    public var storedPacketCount: Int {
        state.withLockedValue { $0.recovery?.packets.count ?? 0 }
    }

    /// How many disconnected sessions the recovery store holds (0 when recovery is off).
    public var persistedSessionCount: Int {
        state.withLockedValue { $0.recovery?.sessions.count ?? 0 }
    }
}
