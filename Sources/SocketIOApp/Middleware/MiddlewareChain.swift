import Synchronization

/// An ordered list of middleware with their labels (the registered name, or `#index` for code-level ones), run as
/// an onion around a terminal step.
struct MiddlewareChain<Context: Sendable>: Sendable {
    /// One middleware and what errors call it.
    struct Entry: Sendable {
        let label: String
        let body: @Sendable (Context, AppNext) async throws -> Void
    }

    let entries: [Entry]

    /// This chain followed by `more`.
    func appending(_ more: [Entry]) -> MiddlewareChain { MiddlewareChain(entries: entries + more) }

    /// Runs the chain around `terminal`. Returns nil when `terminal` ran, else the label of the middleware that
    /// returned without calling `next` (the inner ones' `next` then returns normally). With `failClosed`, that
    /// middleware's return throws `AppMiddlewareError.nextNotCalled` instead, through the outer `next` calls.
    func run(
        _ context: Context, failClosed: Bool, firstStop: StopRecord? = nil,
        terminal: @escaping @Sendable () async throws -> Void
    ) async throws -> String? {
        try await run(from: 0, context, failClosed: failClosed, firstStop: firstStop, terminal: terminal)
    }

    // The depth is the configured chain's length, never driven by input.
    private func run(
        from index: Int, _ context: Context, failClosed: Bool, firstStop: StopRecord?,
        terminal: @escaping @Sendable () async throws -> Void
    ) async throws -> String? {
        guard index < entries.count else {
            try await terminal()
            return nil
        }
        let entry = entries[index]
        let calls = NextCalls()
        let stoppedInside = Mutex<String?>(nil)
        let next = AppNext(label: entry.label, calls: calls) {
            let stopped = try await run(
                from: index + 1, context, failClosed: failClosed, firstStop: firstStop, terminal: terminal)
            stoppedInside.withLock { $0 = stopped }
        }
        try await entry.body(context, next)
        guard calls.wasCalled else {
            if failClosed {
                // Recorded too: an outer middleware may catch the error, yet the connection stays refused.
                firstStop?.record(entry.label)
                throw AppMiddlewareError.nextNotCalled.with(middleware: entry.label)
            }
            return entry.label
        }
        return stoppedInside.withLock { $0 }
    }
}

/// The label of the first middleware that returned without calling `next`.
final class StopRecord: Sendable {
    private let label = Mutex<String?>(nil)

    /// Keeps `stopped` unless a label was recorded already.
    func record(_ stopped: String) { label.withLock { $0 = $0 ?? stopped } }

    /// The first label recorded.
    var first: String? { label.withLock { $0 } }
}
