import Synchronization

/// A result delivered once, awaited once: the first `fulfil` wins, later ones do nothing.
final class TestClientSlot<Value: Sendable>: Sendable {
    typealias Outcome = Result<Value, SocketIOTestClientError>

    private enum State {
        case empty
        case waiting(CheckedContinuation<Outcome, Never>)
        case done(Outcome)
    }

    private let state = Mutex(State.empty)

    init() {}

    /// Delivers `outcome` unless one was delivered already.
    func fulfil(_ outcome: Outcome) {
        let continuation: CheckedContinuation<Outcome, Never>? = state.withLock { state in
            switch state {
            case .empty:
                state = .done(outcome)
                return nil
            case .waiting(let continuation):
                state = .done(outcome)
                return continuation
            case .done:
                return nil
            }
        }
        continuation?.resume(returning: outcome)
    }

    /// The outcome, once delivered. Called at most once.
    func wait() async -> Outcome {
        await withCheckedContinuation { continuation in
            let ready: Outcome? = state.withLock { state in
                switch state {
                case .empty:
                    state = .waiting(continuation)
                    return nil
                case .done(let outcome):
                    return outcome
                case .waiting:
                    return .failure(.failed.with(event: nil, "a result slot was awaited twice"))
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
