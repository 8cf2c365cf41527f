public import SIOParser
public import SIOParserNIO

/// Rooms and fan-out for one namespace: the in-memory adapter on one node, cluster adapters (IPC, Redis) across
/// many. Every method is async so that a cluster adapter can talk to its peers; the in-memory one never suspends
/// for long.
///
/// An adapter reaches its namespace's sockets only through `AdapterNamespace` (given in its configuration).
public protocol SocketIOAdapter: AnyObject, Sendable {
    /// Starts the adapter (subscriptions, heartbeats); called once before the namespace takes sockets.
    func start() async throws
    /// Stops the adapter; called once when the server closes.
    func shutdown() async
    /// How many nodes serve the namespace (1 for the in-memory adapter).
    func serverCount() async -> Int

    /// Adds a socket to rooms (its own id room is implied and need not be passed or stored).
    func addAll(_ id: SocketID, rooms: Set<Room>) async
    /// Removes a socket from one room.
    func delete(_ id: SocketID, room: Room) async
    /// Removes a socket from every room (it disconnected).
    func deleteAll(_ id: SocketID) async

    /// Sends `packet` to the sockets `options` selects, on every node unless `options.flags.local`. With
    /// connection state recovery on, a non-volatile packet gets an offset and is stored for restoration.
    func broadcast(_ packet: BroadcastPacket, options: BroadcastOptions) async
    /// Sends `packet` expecting an acknowledgement from each socket: `onClientCount` is called once per node with
    /// how many sockets the packet reached there, then `onAck` once per answer.
    func broadcastWithAck(
        _ packet: BroadcastPacket, options: BroadcastOptions,
        onClientCount: @escaping @Sendable (Int) -> Void,
        onAck: @escaping @Sendable (SIOArguments) -> Void
    ) async

    /// The ids of the sockets in any of `rooms` (every socket when empty), on this node.
    func sockets(in rooms: Set<Room>) async -> Set<SocketID>
    /// The rooms of a socket of this node (its own id included), or `nil` if it is unknown.
    func rooms(of id: SocketID) async -> Set<Room>?

    /// The sockets `options` selects, on every node unless `options.flags.local`.
    func fetchSockets(_ options: BroadcastOptions) async throws -> [FetchedSocket]
    /// Makes the sockets `options` selects join `rooms`.
    func addSockets(_ options: BroadcastOptions, rooms: Set<Room>) async
    /// Makes the sockets `options` selects leave `rooms`.
    func deleteSockets(_ options: BroadcastOptions, rooms: Set<Room>) async
    /// Disconnects the sockets `options` selects; `close` also closes their connections.
    func disconnectSockets(_ options: BroadcastOptions, close: Bool) async

    /// Emits `["event", ...]` to the namespace of every other node (this node does not receive it).
    func serverSideEmit(_ arguments: EncodedArguments) async throws
    /// As `serverSideEmit`, collecting one answer per other node within `timeout` (`[]` on a single node).
    func serverSideEmitWithAck(_ arguments: EncodedArguments, timeout: Duration) async throws -> [SIOArguments]

    /// Keeps a disconnected socket's state for `maxDisconnectionDuration`.
    func persistSession(_ session: PersistedSession) async
    /// The state kept for `pid` with the packets sent after `offset`, or `nil` when the session is unknown,
    /// expired, or the offset is no longer known (the client then gets a new session).
    func restoreSession(pid: PrivateSessionID, offset: String) async -> RestoredSession?
}

/// An adapter that can broadcast without suspending (the in-memory adapter): the server calls it inline on the
/// emitting thread, which keeps emits in call order without a task per broadcast.
public protocol SynchronousBroadcastAdapter: SocketIOAdapter {
    /// `addAll(_:rooms:)`, completed before returning (a socket is a broadcast target as soon as it is accepted).
    func addAllNow(_ id: SocketID, rooms: Set<Room>)
    /// `deleteAll(_:)`, completed before returning (a socket that left is no target from then on).
    func deleteAllNow(_ id: SocketID)
    /// `rooms(of:)`, answered now (the server reads a socket's rooms from here instead of keeping a copy).
    func roomsNow(of id: SocketID) -> Set<Room>?
    /// How many sockets are in any of `rooms` (all when empty), on this node, without listing them.
    func countNow(in rooms: Set<Room>) -> Int
    /// `broadcast(_:options:)`, completed before returning.
    func broadcastNow(_ packet: BroadcastPacket, options: BroadcastOptions)
    /// `broadcastWithAck`, with the local client count returned instead of reported.
    func broadcastWithAckNow(
        _ packet: BroadcastPacket, options: BroadcastOptions, onAck: @escaping @Sendable (SIOArguments) -> Void
    ) -> Int
}
