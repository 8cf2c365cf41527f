/// Runs async jobs one after another in submission order (broadcasts through an adapter that suspends).
final class SerialTaskQueue: Sendable {
    private let continuation: AsyncStream<@Sendable () async -> Void>.Continuation
    private let worker: Task<Void, Never>

    init() {
        let (stream, continuation) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
        self.continuation = continuation
        worker = Task {
            for await job in stream { await job() }
        }
    }

    /// Queues a job.
    func enqueue(_ job: @escaping @Sendable () async -> Void) {
        continuation.yield(job)
    }

    /// Stops taking jobs; those queued still run.
    func finish() {
        continuation.finish()
    }
}
