import Synchronization

// Shared by the SocketIOTests and SocketIOAppTests targets (Tests/SocketIOAppTests/WaitingSupport.swift is a link to
// this file): ways to wait for concurrent work by condition and deadline, never by a fixed sleep.

/// Collects values from handlers running on any thread; tests wait for a count instead of sleeping.
final class Recorder<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    init() {}

    /// Records one value.
    func append(_ value: Value) { storage.withLock { $0.append(value) } }

    /// What was recorded so far.
    var values: [Value] { storage.withLock { $0 } }

    /// Waits until at least `count` values were recorded, then returns them all.
    @discardableResult
    func wait(count: Int = 1, timeout: Duration = .seconds(15), sourceLocation: String = #function) async throws
        -> [Value]
    {
        try await eventually("\(count) values in \(sourceLocation)", timeout: timeout) { self.values.count >= count }
        return values
    }

    /// The first value, once there is one.
    func first(timeout: Duration = .seconds(15)) async throws -> Value {
        try await wait(count: 1, timeout: timeout)[0]
    }
}

/// A test waited for a condition that never held.
struct TestTimeout: Error, CustomStringConvertible {
    let description: String
}

/// Polls `condition` until it holds (a deadline, not a fixed sleep: it returns as soon as it holds).
func eventually(_ what: String, timeout: Duration = .seconds(15), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TestTimeout(description: "timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(1))
    }
}

/// A one-shot gate an async handler waits on until the test opens it.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    init() {}

    /// Lets every waiter (present and future) through.
    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the gate is open.
    func wait() async {
        await withCheckedContinuation { continuation in
            let passes = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if passes { continuation.resume() }
        }
    }
}
