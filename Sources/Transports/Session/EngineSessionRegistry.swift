import Synchronization

/// The open sessions by sid, shared by every event loop (the reference's `clients` and `clientsCount`).
final class EngineSessionRegistry: Sendable {
    /// Why a handshake could not reserve a place.
    enum Refusal: Error, Sendable { case full, shuttingDown, duplicateID }

    fileprivate struct State: ~Copyable {
        var sessions: [String: EngineSession] = [:]
        /// Handshakes that passed the cap and are still completing (async hooks, WebSocket accept).
        var reserved = 0
        var shuttingDown = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// The session with this id.
    func session(id: String) -> EngineSession? {
        state.withLock { $0.sessions[id] }
    }

    /// Open sessions.
    var count: Int { state.withLock { $0.sessions.count } }

    /// Holds a place for a handshake under the cap `limit`.
    func reserve(limit: Int?) -> Refusal? {
        state.withLock { state in
            if state.shuttingDown { return .shuttingDown }
            if let limit, state.sessions.count + state.reserved >= limit { return .full }
            state.reserved += 1
            return nil
        }
    }

    /// Gives back a place a handshake did not use.
    func release() {
        let waiters = state.withLock { state in
            state.reserved -= 1
            return state.takeWaitersIfIdle()
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Turns a reservation into a registered session.
    func insert(_ session: EngineSession) -> Refusal? {
        let (refusal, waiters) = state.withLock { state -> (Refusal?, [CheckedContinuation<Void, Never>]) in
            state.reserved -= 1
            if state.shuttingDown { return (.shuttingDown, state.takeWaitersIfIdle()) }
            if state.sessions[session.id] != nil { return (.duplicateID, []) }
            state.sessions[session.id] = session
            return (nil, [])
        }
        for waiter in waiters { waiter.resume() }
        return refusal
    }

    /// Forgets a closed session.
    func remove(_ session: EngineSession) {
        let waiters = state.withLock { state in
            if state.sessions[session.id] === session { state.sessions[session.id] = nil }
            return state.takeWaitersIfIdle()
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Refuses new handshakes from now on; returns the sessions to close.
    func beginShutdown() -> [EngineSession] {
        state.withLock { state in
            state.shuttingDown = true
            return Array(state.sessions.values)
        }
    }

    /// Whether `beginShutdown` was called.
    var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    /// Returns once no session is open and no handshake is completing.
    func waitUntilEmpty() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.sessions.isEmpty && state.reserved == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}

extension EngineSessionRegistry.State {
    /// The waiters to resume when shutting down and nothing is left.
    fileprivate mutating func takeWaitersIfIdle() -> [CheckedContinuation<Void, Never>] {
        guard shuttingDown, sessions.isEmpty, reserved == 0, !waiters.isEmpty else { return [] }
        defer { waiters = [] }
        return waiters
    }
}
