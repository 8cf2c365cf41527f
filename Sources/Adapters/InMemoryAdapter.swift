import NIOConcurrencyHelpers
public import SIOParser
public import SIOParserNIO

/// The single-node adapter: rooms in memory, delivery straight to the namespace's local sockets.
///
/// A first cut: rooms, broadcast and the socket queries; fetch/add/delete/disconnect of matching sockets and
/// connection state recovery are still to come.
public final class InMemoryAdapter: SynchronousBroadcastAdapter {
    /// Rooms and the sockets in them, and each socket's rooms (its own id room is implied, not stored).
    struct State {
        var rooms: [Room: Set<SocketID>] = [:]
        var sids: [SocketID: Set<Room>] = [:]
    }

    /// The namespace and settings the adapter serves.
    public let configuration: AdapterConfiguration
    let state = NIOLockedValueBox(State())

    /// An adapter for the namespace in `configuration`.
    public init(configuration: AdapterConfiguration) {
        self.configuration = configuration
    }

    /// Nothing to start.
    public func start() async throws {}
    /// Nothing to stop.
    public func shutdown() async {}
    /// One node.
    public func serverCount() async -> Int { 1 }

    /// Adds a socket to rooms.
    public func addAll(_ id: SocketID, rooms: Set<Room>) async {
        addAllNow(id, rooms: rooms)
    }

    /// Adds a socket to rooms now.
    public func addAllNow(_ id: SocketID, rooms: Set<Room>) {
        state.withLockedValue { state in
            for room in rooms where room != id {
                state.rooms[room, default: []].insert(id)
                state.sids[id, default: []].insert(room)
            }
            if state.sids[id] == nil { state.sids[id] = [] }
        }
    }

    /// Removes a socket from one room.
    public func delete(_ id: SocketID, room: Room) async {
        state.withLockedValue { state in
            state.sids[id]?.remove(room)
            if state.rooms[room]?.remove(id) != nil, state.rooms[room]?.isEmpty == true { state.rooms[room] = nil }
        }
    }

    /// Removes a socket from every room.
    public func deleteAll(_ id: SocketID) async {
        deleteAllNow(id)
    }

    /// Removes a socket from every room now.
    public func deleteAllNow(_ id: SocketID) {
        state.withLockedValue { state in
            for room in state.sids.removeValue(forKey: id) ?? [] {
                if state.rooms[room]?.remove(id) != nil, state.rooms[room]?.isEmpty == true { state.rooms[room] = nil }
            }
        }
    }

    /// Delivers to the matching local sockets.
    public func broadcast(_ packet: BroadcastPacket, options: BroadcastOptions) async {
        broadcastNow(packet, options: options)
    }

    /// Delivers to the matching local sockets, reporting the count and then each ack.
    public func broadcastWithAck(
        _ packet: BroadcastPacket, options: BroadcastOptions,
        onClientCount: @escaping @Sendable (Int) -> Void,
        onAck: @escaping @Sendable (SIOArguments) -> Void
    ) async {
        onClientCount(broadcastWithAckNow(packet, options: options, onAck: onAck))
    }

    /// Delivers to the matching local sockets now.
    public func broadcastNow(_ packet: BroadcastPacket, options: BroadcastOptions) {
        configuration.namespace.deliver(packet, to: targets(options), flags: options.flags)
    }

    /// Delivers now, returning how many sockets it reached.
    public func broadcastWithAckNow(
        _ packet: BroadcastPacket, options: BroadcastOptions, onAck: @escaping @Sendable (SIOArguments) -> Void
    ) -> Int {
        configuration.namespace.deliverWithAck(packet, to: targets(options), flags: options.flags) { onAck($1) }
    }

    /// The socket ids `options` selects.
    func targets(_ options: BroadcastOptions) -> [SocketID] {
        state.withLockedValue { state in
            let excluded = Self.members(of: options.except, in: state)
            if options.rooms.isEmpty {
                return state.sids.keys.filter { !excluded.contains($0) }
            }
            return Self.members(of: options.rooms, in: state).filter { !excluded.contains($0) }
        }
    }

    /// Every socket in any of `rooms`, counting each socket's own id room.
    static func members(of rooms: Set<Room>, in state: State) -> Set<SocketID> {
        var ids = Set<SocketID>()
        for room in rooms {
            if let members = state.rooms[room] { ids.formUnion(members) }
            if state.sids[room] != nil { ids.insert(room) }
        }
        return ids
    }

    /// The sockets in any of `rooms` (all when empty).
    public func sockets(in rooms: Set<Room>) async -> Set<SocketID> {
        state.withLockedValue { state in rooms.isEmpty ? Set(state.sids.keys) : Self.members(of: rooms, in: state) }
    }

    /// A socket's rooms, its own id included.
    public func rooms(of id: SocketID) async -> Set<Room>? {
        roomsNow(of: id)
    }

    /// A socket's rooms now.
    public func roomsNow(of id: SocketID) -> Set<Room>? {
        state.withLockedValue { state in state.sids[id].map { $0.union([id]) } }
    }

    /// How many sockets are in any of `rooms`.
    public func countNow(in rooms: Set<Room>) -> Int {
        state.withLockedValue { state in
            if rooms.isEmpty { return state.sids.count }
            if rooms.count == 1, let room = rooms.first {
                return (state.rooms[room]?.count ?? 0) + (state.sids[room] != nil ? 1 : 0)
            }
            return Self.members(of: rooms, in: state).count
        }
    }

    /// Not yet implemented: returns nothing.
    public func fetchSockets(_ options: BroadcastOptions) async throws -> [FetchedSocket] { [] }
    /// Not yet implemented.
    public func addSockets(_ options: BroadcastOptions, rooms: Set<Room>) async {}
    /// Not yet implemented.
    public func deleteSockets(_ options: BroadcastOptions, rooms: Set<Room>) async {}
    /// Not yet implemented.
    public func disconnectSockets(_ options: BroadcastOptions, close: Bool) async {}
    /// One node: reaches nobody.
    public func serverSideEmit(_ arguments: EncodedArguments) async throws {}
    /// One node: no answers.
    public func serverSideEmitWithAck(_ arguments: EncodedArguments, timeout: Duration) async throws -> [SIOArguments] {
        []
    }
    /// Not yet implemented.
    public func persistSession(_ session: PersistedSession) async {}
    /// Not yet implemented.
    public func restoreSession(pid: PrivateSessionID, offset: String) async -> RestoredSession? { nil }
}
