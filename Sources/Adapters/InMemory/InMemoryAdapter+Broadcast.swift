import NIOConcurrencyHelpers
public import SIOParserNIO

extension InMemoryAdapter {
    /// Delivers to the matching local sockets (with recovery on, a non-volatile packet gets an offset first).
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

    /// Delivers to the matching local sockets now (the namespace is not called when no socket matches).
    public func broadcastNow(_ packet: BroadcastPacket, options: BroadcastOptions) {
        _ = broadcastStamping(packet, options: options)
    }

    /// Delivers now, returning how many sockets it reached. Packets with acknowledgements are never stored for
    /// recovery (an acknowledgement cannot be restored on another connection), as in the reference.
    public func broadcastWithAckNow(
        _ packet: BroadcastPacket, options: BroadcastOptions, onAck: @escaping @Sendable (SIOArguments) -> Void
    ) -> Int {
        let time = now()
        let targets = state.withLockedValue { state in
            state.recovery?.purge(now: time)
            return state.index.targets(rooms: options.rooms, except: options.except)
        }
        guard !targets.isEmpty else { return 0 }
        return configuration.namespace.deliverWithAck(packet, to: targets, flags: options.flags) { onAck($1) }
    }

    /// Gives a non-volatile packet its recovery offset and stores it (when recovery is on), then delivers it.
    /// Returns the packet as delivered and its offset, if it got one (a cluster adapter forwards both).
    func broadcastStamping(_ packet: BroadcastPacket, options: BroadcastOptions) -> (BroadcastPacket, String?) {
        var packet = packet
        let time = now()
        let (targets, offset) = state.withLockedValue { state -> ([SocketID], String?) in
            var offset: String?
            if !options.flags.volatile {
                offset = state.recovery?.store(&packet, options: options, now: time)
            } else {
                state.recovery?.purge(now: time)
            }
            return (state.index.targets(rooms: options.rooms, except: options.except), offset)
        }
        if !targets.isEmpty { configuration.namespace.deliver(packet, to: targets, flags: options.flags) }
        return (packet, offset)
    }

    /// Delivers a packet another node already stamped with `offset` (stored under that offset when recovery is on,
    /// so that a client of this node can recover from it too).
    func broadcastStamped(_ packet: BroadcastPacket, offset: String?, options: BroadcastOptions) {
        let time = now()
        let targets = state.withLockedValue { state in
            if let offset, !options.flags.volatile {
                state.recovery?.storeStamped(packet, offset: offset, options: options, now: time)
            } else {
                state.recovery?.purge(now: time)
            }
            return state.index.targets(rooms: options.rooms, except: options.except)
        }
        if !targets.isEmpty { configuration.namespace.deliver(packet, to: targets, flags: options.flags) }
    }
}
