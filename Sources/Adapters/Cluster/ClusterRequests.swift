import NIOConcurrencyHelpers

/// Requests that wait for one response from each of a set of nodes, within a timeout: the request/response
/// correlation of the cluster protocol, written once for every request type and every backend.
final class ClusterRequests<Response: Sendable>: Sendable {
    private typealias Outcome = Result<[Response], ClusterAdapterError>

    private struct Pending {
        var waiting: Set<ClusterNodeID>
        let expected: Int
        var responses: [Response] = []
        /// Set once the requester waits; until then a finished request keeps its outcome here.
        var continuation: CheckedContinuation<Outcome, Never>?
        var outcome: Outcome?
        var timer: Task<Void, Never>?
    }

    private let pending = NIOLockedValueBox<[String: Pending]>([:])

    /// Registers request `id`, runs `send` (which publishes it), and waits for a response from every node of
    /// `nodes` (nodes that leave meanwhile are no longer waited for), or throws `.timeout` after `timeout`.
    func perform(
        id: String, expecting nodes: Set<ClusterNodeID>, timeout: Duration,
        send: () async throws -> Void
    ) async throws(ClusterAdapterError) -> [Response] {
        guard !nodes.isEmpty else { return [] }
        // Registered before sending: a synchronous backend may deliver the responses before `send` returns.
        pending.withLockedValue { $0[id] = Pending(waiting: nodes, expected: nodes.count) }
        do {
            try await send()
        } catch {
            _ = pending.withLockedValue { $0.removeValue(forKey: id) }
            throw ClusterAdapterError.publishFailed.with("\(error)")
        }
        let timer = Task { [weak self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            self?.finish(id) { pending in
                .failure(.timeout.with("\(pending.expected - pending.waiting.count) of \(pending.expected) responses"))
            }
        }
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let ready: Outcome? = pending.withLockedValue { all in
                guard var request = all[id] else { return .failure(.shutDown) }
                if let outcome = request.outcome {
                    all[id] = nil
                    return outcome
                }
                request.continuation = continuation
                request.timer = timer
                all[id] = request
                return nil
            }
            if let ready {
                timer.cancel()
                continuation.resume(returning: ready)
            }
        }
        return try outcome.get()
    }

    /// Records `node`'s response to request `id`; the last expected one completes the request. Unknown requests,
    /// unexpected nodes and second answers are ignored.
    func receive(_ response: Response, for id: String, from node: ClusterNodeID) {
        finish(id) { pending in
            guard pending.waiting.remove(node) != nil else { return nil }
            pending.responses.append(response)
            return pending.waiting.isEmpty ? .success(pending.responses) : nil
        }
    }

    /// Stops waiting for `node` (it left the cluster) in every request.
    func nodeLeft(_ node: ClusterNodeID) {
        let ids = pending.withLockedValue { Array($0.keys) }
        for id in ids {
            finish(id) { pending in
                guard pending.waiting.remove(node) != nil else { return nil }
                return pending.waiting.isEmpty ? .success(pending.responses) : nil
            }
        }
    }

    /// Fails every request (the adapter shut down).
    func failAll() {
        let ids = pending.withLockedValue { Array($0.keys) }
        for id in ids { finish(id) { _ in .failure(.shutDown) } }
    }

    /// How many requests are in flight (for tests).
    var count: Int { pending.withLockedValue { $0.count } }

    /// Applies `update` to request `id`; when it returns an outcome the request completes. The continuation is
    /// resumed and the timer cancelled after the lock is released.
    private func finish(_ id: String, _ update: (inout Pending) -> Outcome?) {
        let completion: (CheckedContinuation<Outcome, Never>?, Task<Void, Never>?, Outcome)? =
            pending.withLockedValue { all in
                guard var request = all[id], request.outcome == nil else { return nil }
                let outcome = update(&request)
                all[id] = request
                guard let outcome else { return nil }
                if let continuation = request.continuation {
                    all[id] = nil
                    return (continuation, request.timer, outcome)
                }
                request.outcome = outcome
                all[id] = request
                return (nil, nil, outcome)
            }
        guard let (continuation, timer, outcome) = completion else { return }
        timer?.cancel()
        continuation?.resume(returning: outcome)
    }
}
