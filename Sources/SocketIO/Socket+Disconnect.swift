import Adapters
import Logging
import NIOCore
import SIOParser

extension Socket {
    /// Disconnects the socket from its namespace (the client gets DISCONNECT); with `close`, closes the whole
    /// Engine.IO connection, which disconnects its other namespaces too. Does nothing before the socket connected.
    public func disconnect(close: Bool = false) {
        onLoop { [self] in
            // Not connected yet (called from middleware): nothing to leave, as in the reference.
            guard !isClosed, isListed else { return }
            if close {
                connection.disconnectAll(closeEngine: true)
            } else {
                if let packet = try? SIOEncodedPacket.control(.disconnect, namespace: namespace.name) {
                    connection.write(packet, volatile: false, compress: true)
                }
                handleClose(.serverNamespaceDisconnect)
            }
        }
    }

    /// Whether the socket has left (loop-confined).
    var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// Leaves the namespace for `reason`: `disconnecting` handlers (rooms still readable), recovery, cleanup, then
    /// `disconnect` handlers. Runs on the socket's loop; a second call does nothing.
    func handleClose(_ reason: DisconnectReason) {
        guard !isClosed else { return }
        for handler in disconnectingHandlers { handler(self, reason) }
        for handler in namespace.disconnectingHandlers { handler(self, reason) }
        state = .closed
        let persisted: PersistedSession? =
            if let pid, Self.recoverableReasons.contains(reason) {
                PersistedSession(id: id, pid: pid, rooms: rooms, data: data)
            } else {
                nil
            }
        leaveAllRooms()
        if let extras {
            let waiting = extras.pendingAcks
            extras.pendingAcks = [:]
            extras.middlewareBacklog = nil
            for (_, pending) in waiting {
                pending.timer?.cancel()
                pending.callback(.failure(.disconnected))
            }
        }
        namespace.remove(self)
        connection.remove(self)
        let adapter = namespace.adapter
        let id = id
        if persisted == nil, let adapter = adapter as? SynchronousBroadcastAdapter {
            adapter.deleteAllNow(id)
        } else {
            Task {
                if let persisted { await adapter.persistSession(persisted) }
                await adapter.deleteAll(id)
            }
        }
        for handler in disconnectHandlers { handler(self, reason) }
        for handler in namespace.disconnectHandlers { handler(self, reason) }
        namespace.removedSocket()
    }

    /// Reasons after which connection state recovery keeps the session (the client did not leave on purpose).
    static let recoverableReasons: Set<DisconnectReason> = [
        .transportError, .transportClose, .forcedClose, .pingTimeout, .serverShuttingDown, .forcedServerClose,
    ]
}
