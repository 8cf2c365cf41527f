public import Adapters
public import SIOParser
public import SIOParserNIO

/// Selects sockets of a namespace (rooms, exceptions, flags) and emits to them, or acts on them
/// (the reference's `BroadcastOperator`): `io.to("room").except("muted").volatile.emit("tick", n)`.
public struct BroadcastOperator: Sendable {
    /// The namespace the operator works on.
    public let namespace: Namespace
    /// Which sockets, and how.
    public var options: BroadcastOptions

    init(namespace: Namespace, rooms: Set<Room> = [], except: Set<Room> = [], flags: BroadcastFlags = BroadcastFlags()) {
        self.namespace = namespace
        options = BroadcastOptions(rooms: rooms, except: except, flags: flags)
    }

    /// Adds target rooms.
    public func to(_ rooms: Room...) -> BroadcastOperator { to(Set(rooms)) }
    /// Adds target rooms.
    public func to(_ rooms: Set<Room>) -> BroadcastOperator {
        var copy = self
        copy.options.rooms.formUnion(rooms)
        return copy
    }
    /// Same as `to`.
    public func `in`(_ rooms: Room...) -> BroadcastOperator { to(Set(rooms)) }
    /// Excludes the sockets in `rooms`.
    public func except(_ rooms: Room...) -> BroadcastOperator { except(Set(rooms)) }
    /// Excludes the sockets in `rooms`.
    public func except(_ rooms: Set<Room>) -> BroadcastOperator {
        var copy = self
        copy.options.except.formUnion(rooms)
        return copy
    }
    /// Drops the packet for sockets that cannot take it now; never stored for recovery.
    public var volatile: BroadcastOperator {
        var copy = self
        copy.options.flags.volatile = true
        return copy
    }
    /// This node only, even with a cluster adapter.
    public var local: BroadcastOperator {
        var copy = self
        copy.options.flags.local = true
        return copy
    }
    /// With or without compression.
    public func compress(_ compress: Bool) -> BroadcastOperator {
        var copy = self
        copy.options.flags.compress = compress
        return copy
    }
    /// How long `emitWithAck` waits for every socket.
    public func timeout(_ timeout: Duration) -> BroadcastOperator {
        var copy = self
        copy.options.flags.timeout = timeout
        return copy
    }

    /// Emits `event` with Codable arguments to every selected socket: encoded once, the same bytes for all.
    public func emit<each T: Encodable>(_ event: String, _ values: repeat each T) throws {
        try emit(encoded: SocketEmitter.encode(event, repeat each values))
    }

    /// Emits an already encoded `["event", ...]` array to every selected socket.
    public func emit(encoded arguments: EncodedArguments) throws {
        let packet = BroadcastPacket(namespace: namespace.name, arguments: arguments)
        namespace.broadcast(packet, options: options)
    }

    /// Emits and collects one acknowledgement per selected socket (on every node) within `timeout(_:)`, which is
    /// required. Throws `BroadcastAckTimeout` (with the answers that arrived) when some are missing.
    public func emitWithAck<each T: Encodable>(_ event: String, _ values: repeat each T) async throws -> [SIOArguments] {
        try await emitWithAck(encoded: SocketEmitter.encode(event, repeat each values))
    }

    /// `emitWithAck` with an already encoded `["event", ...]` array.
    public func emitWithAck(encoded arguments: EncodedArguments) async throws -> [SIOArguments] {
        guard let timeout = options.flags.timeout else { throw SocketIOError.missingTimeout }
        let packet = BroadcastPacket(namespace: namespace.name, arguments: arguments)
        let collector = AckCollector()
        let adapter = namespace.adapter
        let options = options
        return try await withCheckedThrowingContinuation { continuation in
            collector.start(continuation, timeout: timeout)
            Task {
                await adapter.broadcastWithAck(
                    packet, options: options, onClientCount: { collector.addClients($0) },
                    onAck: { collector.add($0) })
                collector.setServerCount(await adapter.serverCount())
            }
        }
    }

    /// The selected sockets, local ones as live handles and other nodes' by their details.
    public func fetchSockets() async throws -> [RemoteSocket] {
        var found: [RemoteSocket] = []
        for fetched in try await namespace.adapter.fetchSockets(options) {
            switch fetched {
            case .local(let socket):
                found.append(
                    RemoteSocket(namespace: namespace, details: await socket.details(), local: socket as? Socket))
            case .remote(let details):
                found.append(RemoteSocket(namespace: namespace, details: details))
            }
        }
        return found
    }

    /// Makes the selected sockets join `rooms`.
    public func socketsJoin(_ rooms: Room...) async { await namespace.adapter.addSockets(options, rooms: Set(rooms)) }
    /// Makes the selected sockets leave `rooms`.
    public func socketsLeave(_ rooms: Room...) async {
        await namespace.adapter.deleteSockets(options, rooms: Set(rooms))
    }
    /// Disconnects the selected sockets; `close` also closes their connections.
    public func disconnectSockets(close: Bool = false) async {
        await namespace.adapter.disconnectSockets(options, close: close)
    }
}
