public import Adapters
import SIOParser
public import SIOParserNIO

extension SocketIOServer {
    /// Adds connection middleware to the main namespace.
    public func use(_ middleware: @escaping @Sendable (Socket) async throws -> Void) { sockets.use(middleware) }
    /// Handles connections to the main namespace, on the socket's loop.
    public func onConnection(_ handler: @escaping @Sendable (Socket) -> Void) { sockets.onConnection(handler) }
    /// Handles connections to the main namespace, in a task.
    public func onConnection(_ handler: @escaping @Sendable (Socket) async throws -> Void) {
        sockets.onConnection(handler)
    }
    /// Every socket of the main namespace.
    public var all: BroadcastOperator { sockets.all }
    /// Sockets of the main namespace in `rooms`.
    public func to(_ rooms: Room...) -> BroadcastOperator { sockets.all.to(Set(rooms)) }
    /// Same as `to`.
    public func `in`(_ rooms: Room...) -> BroadcastOperator { sockets.all.to(Set(rooms)) }
    /// Sockets of the main namespace not in `rooms`.
    public func except(_ rooms: Room...) -> BroadcastOperator { sockets.all.except(Set(rooms)) }
    /// Volatile broadcasts on the main namespace.
    public var volatile: BroadcastOperator { sockets.all.volatile }
    /// Broadcasts on this node only.
    public var local: BroadcastOperator { sockets.all.local }
    /// Broadcasts with or without compression.
    public func compress(_ compress: Bool) -> BroadcastOperator { sockets.all.compress(compress) }
    /// Broadcasts whose acknowledgements wait at most `timeout`.
    public func timeout(_ timeout: Duration) -> BroadcastOperator { sockets.all.timeout(timeout) }
    /// Emits to every socket of the main namespace.
    public func emit<each T: Encodable>(_ event: String, _ values: repeat each T) throws {
        try sockets.all.emit(event, repeat each values)
    }
    /// Emits to every socket of the main namespace and collects their acknowledgements (needs `timeout(_:)`).
    public func emitWithAck<each T: Encodable>(_ event: String, _ values: repeat each T) async throws -> [SIOArguments] {
        try await sockets.all.emitWithAck(event, repeat each values)
    }
    /// The sockets of the main namespace on every node.
    public func fetchSockets() async throws -> [RemoteSocket] { try await sockets.all.fetchSockets() }
    /// Makes every socket of the main namespace join `rooms`.
    public func socketsJoin(_ rooms: Room...) async {
        await sockets.adapter.addSockets(BroadcastOptions(), rooms: Set(rooms))
    }
    /// Makes every socket of the main namespace leave `rooms`.
    public func socketsLeave(_ rooms: Room...) async {
        await sockets.adapter.deleteSockets(BroadcastOptions(), rooms: Set(rooms))
    }
    /// Disconnects every socket of the main namespace.
    public func disconnectSockets(close: Bool = false) async { await sockets.all.disconnectSockets(close: close) }
    /// Emits to the main namespace of every other node.
    public func serverSideEmit<each T: Encodable>(_ event: String, _ values: repeat each T) async throws {
        try await sockets.serverSideEmit(event, repeat each values)
    }
    /// Emits to the main namespace of every other node and collects their answers within `timeout`.
    public func serverSideEmitWithAck<each T: Encodable>(
        _ event: String, _ values: repeat each T, timeout: Duration
    ) async throws -> [SIOArguments] {
        try await sockets.serverSideEmitWithAck(event, repeat each values, timeout: timeout)
    }
}
