import NIOConcurrencyHelpers
public import SIOParser
public import SIOParserNIO

extension ClusterAdapter {
    /// Delivers locally (stamping the recovery offset) and, unless `local`, to every other node with that offset.
    public func broadcast(_ packet: BroadcastPacket, options: BroadcastOptions) async {
        let (stamped, offset) = local.broadcastStamping(packet, options: options)
        guard !options.flags.local else { return }
        var message = message(.broadcast)
        message.options = options
        message.packet = stamped.arguments
        message.offset = offset
        await publishIgnoringFailure(message)
    }

    /// Delivers on every node (unless `local`); each node reports its client count, then relays its acks, for as
    /// long as `flags.timeout` (or `ClusterAdapterOptions.ackTimeout`).
    public func broadcastWithAck(
        _ packet: BroadcastPacket, options: BroadcastOptions,
        onClientCount: @escaping @Sendable (Int) -> Void,
        onAck: @escaping @Sendable (SIOArguments) -> Void
    ) async {
        if !options.flags.local {
            let id = Self.randomID()
            ackRequests.withLockedValue { $0[id] = AckCallbacks(onClientCount: onClientCount, onAck: onAck) }
            let retention = options.flags.timeout ?? self.options.ackTimeout
            Task { [weak self] in
                try? await Task.sleep(for: retention)
                _ = self?.ackRequests.withLockedValue { $0.removeValue(forKey: id) }
            }
            var message = message(.broadcast)
            message.options = options
            message.packet = packet.arguments
            message.requestID = id
            await publishIgnoringFailure(message)
        }
        onClientCount(local.broadcastWithAckNow(packet, options: options, onAck: onAck))
    }

    /// Local sockets plus every other node's (as `.remote`), unless `local`; throws `.timeout` when a node does not
    /// answer within `flags.timeout` (or `ClusterAdapterOptions.requestTimeout`).
    public func fetchSockets(_ options: BroadcastOptions) async throws -> [FetchedSocket] {
        let localSockets = try await local.fetchSockets(options)
        let peers = peers
        guard !options.flags.local, !peers.isEmpty else { return localSockets }
        let id = Self.randomID()
        var message = message(.fetchSockets)
        message.options = options
        message.requestID = id
        let bytes = message.encoded()
        let remote = try await fetchRequests.perform(
            id: id, expecting: peers, timeout: options.flags.timeout ?? self.options.requestTimeout
        ) { try await backend.publish(bytes, to: nil) }
        return localSockets + remote.joined().map { .remote($0) }
    }

    /// Makes the matching sockets of every node join `rooms`.
    public func addSockets(_ options: BroadcastOptions, rooms: Set<Room>) async {
        await publishSocketsOperation(.socketsJoin, options: options, rooms: rooms)
        await local.addSockets(options, rooms: rooms)
    }

    /// Makes the matching sockets of every node leave `rooms`.
    public func deleteSockets(_ options: BroadcastOptions, rooms: Set<Room>) async {
        await publishSocketsOperation(.socketsLeave, options: options, rooms: rooms)
        await local.deleteSockets(options, rooms: rooms)
    }

    /// Disconnects the matching sockets of every node.
    public func disconnectSockets(_ options: BroadcastOptions, close: Bool) async {
        await publishSocketsOperation(.disconnectSockets, options: options, rooms: [], close: close)
        await local.disconnectSockets(options, close: close)
    }

    private func publishSocketsOperation(
        _ kind: ClusterMessage.Kind, options: BroadcastOptions, rooms: Set<Room>, close: Bool = false
    ) async {
        guard !options.flags.local else { return }
        var message = message(kind)
        message.options = options
        message.rooms = rooms.sorted()
        message.close = close
        await publishIgnoringFailure(message)
    }

    /// Emits `["event", ...]` to every other node's namespace.
    public func serverSideEmit(_ arguments: EncodedArguments) async throws {
        var message = message(.serverSideEmit)
        message.packet = arguments
        do {
            try await backend.publish(message.encoded(), to: nil)
        } catch {
            throw ClusterAdapterError.publishFailed.with("\(error)")
        }
    }

    /// Emits to every other node and collects one answer from each within `timeout` (`[]` with no other node).
    public func serverSideEmitWithAck(_ arguments: EncodedArguments, timeout: Duration) async throws -> [SIOArguments] {
        let id = Self.randomID()
        var message = message(.serverSideEmit)
        message.packet = arguments
        message.requestID = id
        let bytes = message.encoded()
        let answers = try await emitRequests.perform(id: id, expecting: peers, timeout: timeout) {
            try await backend.publish(bytes, to: nil)
        }
        return answers.map { WireArguments.ack($0) ?? .empty }
    }
}
