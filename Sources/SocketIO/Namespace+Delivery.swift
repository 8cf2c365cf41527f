public import Adapters
import Logging
import NIOCore
import SIOParser
public import SIOParserNIO
import Synchronization

extension Namespace: AdapterNamespace {
    /// Encodes `packet` once and writes the same messages to every target, one hop per event loop.
    public func deliver(_ packet: BroadcastPacket, to targets: [SocketID], flags: BroadcastFlags) {
        guard !targets.isEmpty else { return }
        let encoded: SIOEncodedPacket
        do {
            encoded = try SIOEncodedPacket.event(namespace: name, arguments: packet.arguments)
        } catch {
            server.logger.debug("broadcast not encodable", metadata: ["namespace": "\(name)", "error": "\(error)"])
            return
        }
        for (loop, sockets) in group(targets) {
            let write: @Sendable () -> Void = {
                for socket in sockets where !socket.isClosed {
                    socket.connection.write(encoded, volatile: flags.volatile, compress: flags.compress)
                }
            }
            if loop.inEventLoop { write() } else { loop.execute(write) }
        }
    }

    /// As `deliver`, registering the same acknowledgement id on every target.
    public func deliverWithAck(
        _ packet: BroadcastPacket, to targets: [SocketID], flags: BroadcastFlags,
        onAck: @escaping @Sendable (SocketID, SIOArguments) -> Void
    ) -> Int {
        // Acknowledgement ids are numbered per namespace, so one id and one encoding serve every target.
        let id = allocateAckID()
        let encoded: SIOEncodedPacket
        do {
            encoded = try SIOEncodedPacket.event(namespace: name, arguments: packet.arguments, ackID: id)
        } catch {
            server.logger.debug("broadcast not encodable", metadata: ["namespace": "\(name)", "error": "\(error)"])
            return 0
        }
        var count = 0
        for (loop, sockets) in group(targets) {
            count += sockets.count
            let write: @Sendable () -> Void = {
                for socket in sockets {
                    socket.writeExpectingAck(encoded, id: id, flags: flags) { result in
                        if case .success(let arguments) = result { onAck(socket.id, arguments) }
                    }
                }
            }
            if loop.inEventLoop { write() } else { loop.execute(write) }
        }
        return count
    }

    /// The local socket with this id, as the adapter sees it.
    public func localSocket(_ id: SocketID) -> (any AdapterSocket)? {
        socket(id: id)
    }

    /// Another node's `serverSideEmit`: the namespace's server-side handlers for `event` run.
    public func serverSideEventReceived(
        _ event: String, arguments: SIOArguments, ack: (@Sendable (SIOArguments) -> Void)?
    ) {
        for entry in registrations.serverSideHandlers where entry.event == event {
            entry.handler(arguments, ack)
        }
    }

    /// The sockets with these ids (those gone skipped), grouped by the event loop they live on: one pass under
    /// the table's lock, no intermediate array, and members on the loop of the one before (most of them, since
    /// groups are few) found without a search.
    func group(_ ids: [SocketID]) -> [(any EventLoop, [Socket])] {
        socketTable.withLock { table in
            var groups: [(any EventLoop, [Socket])] = []
            var current = 0
            for id in ids {
                guard let socket = table[id] else { continue }
                let loop = socket.eventLoop
                if current < groups.count, groups[current].0 === loop {
                    groups[current].1.append(socket)
                } else if let index = groups.firstIndex(where: { $0.0 === loop }) {
                    current = index
                    groups[index].1.append(socket)
                } else {
                    current = groups.count
                    var members = [socket]
                    // The first loop's group is sized for every target (one loop is the common case); others grow.
                    if groups.isEmpty { members.reserveCapacity(ids.count) }
                    groups.append((loop, members))
                }
            }
            return groups
        }
    }
}

extension Socket: AdapterSocket {
    /// The socket's details, as `fetchSockets` reports them.
    public func details() async -> SocketDetails {
        SocketDetails(id: id, handshake: handshake.jsonValue, rooms: rooms, data: data)
    }
}
