import Synchronization

/// Connection middleware: runs around the whole life of a socket (`await next()` returns at disconnect).
public typealias ConnectionMiddleware = @Sendable (ConnectionContext, AppNext) async throws -> Void

/// Packet middleware: runs around each incoming event (`await next()` returns after its handler and reply).
public typealias PacketMiddleware = @Sendable (PacketContext, AppNext) async throws -> Void

/// Runs the rest of the chain; callable once (a second call throws `AppMiddlewareError.nextCalledTwice`).
public struct AppNext: Sendable {
    let body: @Sendable () async throws -> Void
    let calls: NextCalls
    let label: String

    init(label: String, calls: NextCalls, body: @escaping @Sendable () async throws -> Void) {
        self.label = label
        self.calls = calls
        self.body = body
    }

    /// Runs the inner middleware and the handler (or, for connections, accepts the socket and waits for its end).
    public func callAsFunction() async throws {
        guard calls.markCalled() else { throw AppMiddlewareError.nextCalledTwice.with(middleware: label) }
        try await body()
    }
}

/// Whether a middleware called its `next`.
final class NextCalls: Sendable {
    private let called = Atomic<Bool>(false)

    /// Marks the call; false when it was already made.
    func markCalled() -> Bool { !called.exchange(true, ordering: .acquiringAndReleasing) }

    /// Whether `next` was called.
    var wasCalled: Bool { called.load(ordering: .acquiring) }
}
