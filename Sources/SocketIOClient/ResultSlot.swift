import NIOConcurrencyHelpers

/// A one-shot result that one task awaits and anyone may fill, first value wins (an ack, a CONNECT answer, a
/// timeout, a cancellation all race to it).
final class ResultSlot<Success: Sendable>: Sendable {
    private struct Inner {
        var result: Result<Success, SocketIOClientError>?
        var waiter: CheckedContinuation<Result<Success, SocketIOClientError>, Never>?
    }

    private let box = NIOLockedValueBox(Inner())

    init() {}

    /// Sets the result if none is set yet, and wakes the waiter.
    func fulfil(_ result: Result<Success, SocketIOClientError>) {
        let waiter = box.withLockedValue { inner -> CheckedContinuation<Result<Success, SocketIOClientError>, Never>? in
            guard inner.result == nil else { return nil }
            inner.result = result
            defer { inner.waiter = nil }
            return inner.waiter
        }
        waiter?.resume(returning: result)
    }

    /// Waits for the result (one waiter only).
    func wait() async -> Result<Success, SocketIOClientError> {
        await withCheckedContinuation { continuation in
            let ready = box.withLockedValue { inner -> Result<Success, SocketIOClientError>? in
                if let result = inner.result { return result }
                inner.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
