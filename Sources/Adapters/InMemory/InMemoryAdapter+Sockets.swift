import NIOConcurrencyHelpers
public import SIOParser
public import SIOParserNIO

extension InMemoryAdapter {
    /// The matching sockets of this node, as the namespace's socket objects (ids it no longer knows are skipped).
    public func fetchSockets(_ options: BroadcastOptions) async throws -> [FetchedSocket] {
        localSockets(options).map { .local($0) }
    }

    /// Makes the matching sockets join `rooms`.
    public func addSockets(_ options: BroadcastOptions, rooms: Set<Room>) async {
        for socket in localSockets(options) { await socket.join(rooms) }
    }

    /// Makes the matching sockets leave `rooms`.
    public func deleteSockets(_ options: BroadcastOptions, rooms: Set<Room>) async {
        for socket in localSockets(options) { await socket.leave(rooms) }
    }

    /// Disconnects the matching sockets.
    public func disconnectSockets(_ options: BroadcastOptions, close: Bool) async {
        for socket in localSockets(options) { await socket.disconnect(close: close) }
    }

    /// One node: reaches nobody, as the reference (which only warns).
    public func serverSideEmit(_ arguments: EncodedArguments) async throws {}

    /// One node: no other server answers.
    public func serverSideEmitWithAck(_ arguments: EncodedArguments, timeout: Duration) async throws -> [SIOArguments] {
        []
    }

    /// Keeps a disconnected socket's state for `maxDisconnectionDuration` (nothing when recovery is off).
    public func persistSession(_ session: PersistedSession) async {
        let time = now()
        state.withLockedValue { $0.recovery?.persist(session, now: time) }
    }

    /// The session kept for `pid` with the packets it missed after `offset`, removing it; `nil` when recovery is
    /// off, or the session is unknown or expired, or the offset is unknown or already dropped.
    public func restoreSession(pid: PrivateSessionID, offset: String) async -> RestoredSession? {
        let time = now()
        return state.withLockedValue { $0.recovery?.restore(pid: pid, offset: offset, now: time) }
    }

    /// The namespace's socket objects for the ids `options` selects; looked up after the lock is released.
    func localSockets(_ options: BroadcastOptions) -> [any AdapterSocket] {
        let namespace = configuration.namespace
        return targets(options).compactMap { namespace.localSocket($0) }
    }
}
