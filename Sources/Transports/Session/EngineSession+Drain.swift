extension EngineSession {
    /// Whether nothing is waiting in the session's send queue.
    public var isDrained: Bool { machine.queue.isEmpty }

    /// Suspends until the send queue is empty (everything handed to the transport) or the session closed; returns at
    /// once when that is already so. Callable from any thread or task: the async counterpart of
    /// `EngineHandler.sessionDrained`, for producers that want to pace themselves.
    public func waitForDrain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            onLoop { session in
                if session.isClosed || session.isDrained {
                    continuation.resume()
                } else {
                    session.drainWaiters.append(continuation)
                }
            }
        }
    }

    /// Wakes every `waitForDrain` caller (the queue drained, or the session closed).
    func resumeDrainWaiters() {
        guard !drainWaiters.isEmpty else { return }
        let waiters = drainWaiters
        drainWaiters = []
        for waiter in waiters { waiter.resume() }
    }
}
