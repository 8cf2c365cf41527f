import NIOCore
import Synchronization

/// The server's open TCP connections: enforces `maxConnections` at accept and lets shutdown close the rest.
///
/// A connection leaves through `remove`, called by the handler that is first in its pipeline when it is torn down
/// (`HTTPConnectionGuard`, then `WebSocketTransportHandler`), not through a close-future callback: that callback
/// cost two allocations per connection for its whole life.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var accepting = true
    }

    private let state = Mutex(State())
    private let maxConnections: Int?
    /// One `ConnectionLoop` per event loop, shared by that loop's WebSocket handlers.
    private let loops = Mutex<[ObjectIdentifier: ConnectionLoop]>([:])

    init(maxConnections: Int?) {
        self.maxConnections = maxConnections
    }

    /// Registers a new connection; false when the cap is reached or the server is shutting down (close it).
    func admit(_ channel: any Channel) -> Bool {
        let admitted = state.withLock { state -> Bool in
            guard state.accepting else { return false }
            if let maxConnections, state.channels.count >= maxConnections { return false }
            state.channels[ObjectIdentifier(channel)] = channel
            return true
        }
        return admitted
    }

    /// Forgets a connection that was torn down (idempotent).
    func remove(_ channel: any Channel) {
        state.withLock { _ = $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// The shared context of `eventLoop`'s WebSocket handlers.
    func loop(_ eventLoop: any EventLoop) -> ConnectionLoop {
        loops.withLock { loops in
            let key = ObjectIdentifier(eventLoop)
            if let loop = loops[key] { return loop }
            let loop = ConnectionLoop(eventLoop: eventLoop, registry: self)
            loops[key] = loop
            return loop
        }
    }

    /// The number of open connections.
    var count: Int { state.withLock { $0.channels.count } }

    /// Refuses every later connection and returns the open ones.
    func stopAccepting() -> [any Channel] {
        state.withLock { state in
            state.accepting = false
            return Array(state.channels.values)
        }
    }

    /// The open connections now.
    var openChannels: [any Channel] { state.withLock { Array($0.channels.values) } }
}
