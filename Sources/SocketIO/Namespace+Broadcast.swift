public import Adapters
import SIOParser
public import SIOParserNIO

extension Namespace {
    /// Every socket of the namespace, to narrow with `to`, `except` and flags.
    public var all: BroadcastOperator { BroadcastOperator(namespace: self) }
    /// Sockets in `rooms`.
    public func to(_ rooms: Room...) -> BroadcastOperator { all.to(Set(rooms)) }
    /// Same as `to`.
    public func `in`(_ rooms: Room...) -> BroadcastOperator { all.to(Set(rooms)) }
    /// Every socket but those in `rooms`.
    public func except(_ rooms: Room...) -> BroadcastOperator { all.except(Set(rooms)) }
    /// Volatile broadcasts.
    public var volatile: BroadcastOperator { all.volatile }
    /// This node only.
    public var local: BroadcastOperator { all.local }
    /// Broadcasts with or without compression.
    public func compress(_ compress: Bool) -> BroadcastOperator { all.compress(compress) }
    /// Broadcasts whose acknowledgements wait at most `timeout`.
    public func timeout(_ timeout: Duration) -> BroadcastOperator { all.timeout(timeout) }

    /// How many sockets of this node are in any of `rooms` (the whole namespace when empty), without listing them
    /// when the adapter can count.
    public func count(in rooms: Set<Room> = []) async -> Int {
        if let adapter = adapter as? SynchronousBroadcastAdapter { return adapter.countNow(in: rooms) }
        return await adapter.sockets(in: rooms).count
    }

    /// `count(in:)` answered at once when the adapter can (the in-memory adapter), else nil.
    public func countNow(in rooms: Set<Room> = []) -> Int? {
        (adapter as? SynchronousBroadcastAdapter)?.countNow(in: rooms)
    }

    /// Emits to every socket of the namespace.
    public func emit<each T: Encodable>(_ event: String, _ values: repeat each T) throws {
        try all.emit(event, repeat each values)
    }
    /// The sockets of the namespace on every node.
    public func fetchSockets() async throws -> [RemoteSocket] { try await all.fetchSockets() }
    /// Makes every socket join `rooms`.
    public func socketsJoin(_ rooms: Room...) async { await namespace.adapter.addSockets(BroadcastOptions(), rooms: Set(rooms)) }
    /// Makes every socket leave `rooms`.
    public func socketsLeave(_ rooms: Room...) async {
        await adapter.deleteSockets(BroadcastOptions(), rooms: Set(rooms))
    }
    /// Disconnects every socket.
    public func disconnectSockets(close: Bool = false) async { await all.disconnectSockets(close: close) }

    /// Emits `event` to this namespace on every other node (`onServerSideEmit` there).
    public func serverSideEmit<each T: Encodable>(_ event: String, _ values: repeat each T) async throws {
        try await adapter.serverSideEmit(SocketEmitter.encode(event, repeat each values))
    }

    /// As `serverSideEmit`, collecting one answer per other node within `timeout` (`[]` on a single node).
    public func serverSideEmitWithAck<each T: Encodable>(
        _ event: String, _ values: repeat each T, timeout: Duration
    ) async throws -> [SIOArguments] {
        try await adapter.serverSideEmitWithAck(SocketEmitter.encode(event, repeat each values), timeout: timeout)
    }

    /// Hands a broadcast to the adapter, keeping emits in call order: inline for an adapter that broadcasts
    /// synchronously, through the namespace's ordered queue for any other.
    func broadcast(_ packet: BroadcastPacket, options: BroadcastOptions) {
        if let adapter = adapter as? SynchronousBroadcastAdapter {
            adapter.broadcastNow(packet, options: options)
        } else {
            broadcastQueue.enqueue { [adapter] in await adapter.broadcast(packet, options: options) }
        }
    }

    var namespace: Namespace { self }
}
