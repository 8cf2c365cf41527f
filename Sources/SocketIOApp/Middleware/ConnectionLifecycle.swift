import SocketIO
import Synchronization

/// The meeting point of one connection's middleware task and the server: the server's middleware waits for the
/// acceptance, the innermost `next()` waits for the disconnection. Every continuation is resumed exactly once,
/// whichever side comes first.
final class ConnectionLifecycle: Sendable {
    private struct State {
        var acceptance: Result<Void, any Error>?
        var acceptWaiter: CheckedContinuation<Void, any Error>?
        /// Set once the namespace listed the socket (its `connection` handlers ran).
        var listed = false
        /// Set once the socket is gone; `.some(nil)` when it never got listed.
        var ending: DisconnectReason??
        var endWaiter: CheckedContinuation<DisconnectReason?, Never>?
        var chain: Task<Void, Never>?
    }

    private let state = Mutex(State())

    init() {}

    /// Keeps the middleware task, so that a client leaving early cancels it.
    func attach(_ chain: Task<Void, Never>) {
        let cancel = state.withLock { state -> Bool in
            state.chain = chain
            return state.ending != nil && state.acceptance == nil
        }
        if cancel { chain.cancel() }
    }

    /// Waits until the chain accepts or refuses (the server's middleware side).
    func waitForAcceptance() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready = state.withLock { state -> Result<Void, any Error>? in
                guard let acceptance = state.acceptance else {
                    state.acceptWaiter = continuation
                    return nil
                }
                return acceptance
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Decides the connection; false when it was already decided.
    @discardableResult
    func decide(_ result: Result<Void, any Error>) -> Bool {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>?? in
            guard state.acceptance == nil else { return .none }
            state.acceptance = result
            defer { state.acceptWaiter = nil }
            return .some(state.acceptWaiter)
        }
        guard case .some(let continuation) = waiter else { return false }
        continuation?.resume(with: result)
        return true
    }

    /// Whether the connection was accepted.
    var isAccepted: Bool {
        state.withLock { if case .success? = $0.acceptance { true } else { false } }
    }

    /// The namespace listed the socket.
    func listed() {
        state.withLock { if $0.ending == nil { $0.listed = true } }
    }

    /// Whether the socket was listed, or is gone (the watchdog's question).
    var isSettled: Bool { state.withLock { $0.listed || $0.ending != nil } }

    /// Waits until the socket is gone: its reason, or nil when it never got listed.
    func waitForEnd() async -> DisconnectReason? {
        await withCheckedContinuation { (continuation: CheckedContinuation<DisconnectReason?, Never>) in
            let ready = state.withLock { state -> DisconnectReason?? in
                guard let ending = state.ending else {
                    state.endWaiter = continuation
                    return .none
                }
                return .some(ending)
            }
            if case .some(let reason) = ready { continuation.resume(returning: reason) }
        }
    }

    /// The socket is gone (`reason` nil: it never got listed). Undecided, the connection is refused and the chain
    /// cancelled. False when it had already ended.
    @discardableResult
    func ended(_ reason: DisconnectReason?) -> Bool {
        let (first, waiter, chain, undecided) = state.withLock {
            state -> (Bool, CheckedContinuation<DisconnectReason?, Never>?, Task<Void, Never>?, Bool) in
            guard state.ending == nil else { return (false, nil, nil, false) }
            state.ending = .some(reason)
            defer { state.endWaiter = nil }
            return (true, state.endWaiter, state.chain, state.acceptance == nil)
        }
        guard first else { return false }
        waiter?.resume(returning: reason)
        if undecided {
            decide(.failure(AppMiddlewareError.connectionClosed))
            chain?.cancel()
        }
        return true
    }
}
