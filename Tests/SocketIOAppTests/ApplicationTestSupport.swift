import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SIOParser
import SocketIO
import SocketIOApp
import SocketIOTesting
import Synchronization
import Transports

/// Event loops shared by the in-memory application tests (two, so that cross-loop paths run).
let appTestGroup = MultiThreadedEventLoopGroup(numberOfThreads: 2)

/// A started application and in-memory clients of it.
struct AppHarness {
    let app: SocketIOApplication
    let io: SocketIOServer

    /// Makes an application with test-friendly engine timings, lets `setup` register, and starts it.
    init(
        _ configure: (inout SocketIOAppConfiguration) -> Void = { _ in },
        setup: (SocketIOApplication) -> Void
    ) throws {
        var configuration = SocketIOAppConfiguration()
        configuration.engine.pingInterval = 20_000
        configuration.engine.pingTimeout = 20_000
        configure(&configuration)
        app = SocketIOApplication(configuration: configuration, logger: Logger(label: "app-test"))
        setup(app)
        io = try app.start()
    }

    /// A new in-memory client (Engine.IO open done, no namespace joined yet).
    func client(query: String = "", headers: HTTPHeaders = [:], loop: Int = 0) async throws -> SocketIOTestConnection {
        let loops = Array(appTestGroup.makeIterator())
        return try await SocketIOTestConnection.open(
            io.engine, eventLoop: loops[loop % loops.count], query: query, headers: headers)
    }

    /// A client connected to `namespace`.
    func connected(_ namespace: String = "/", auth: String? = nil) async throws -> SocketIOTestConnection {
        let client = try await client()
        _ = try await client.connect(namespace: namespace, auth: auth)
        return client
    }
}

/// Collects values from handlers running on any thread; tests wait for a count instead of sleeping.
final class AppTestRecorder<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    init() {}

    /// Records one value.
    func append(_ value: Value) { storage.withLock { $0.append(value) } }

    /// What was recorded so far.
    var values: [Value] { storage.withLock { $0 } }

    /// Waits until at least `count` values were recorded, then returns them all.
    @discardableResult
    func wait(count: Int = 1, timeout: Duration = .seconds(15)) async throws -> [Value] {
        try await appEventually("\(count) values", timeout: timeout) { self.values.count >= count }
        return values
    }
}

/// A test waited for a condition that never held.
struct AppTestTimeout: Error, CustomStringConvertible {
    let description: String
}

/// Polls `condition` until it holds (a deadline, not a fixed sleep).
func appEventually(_ what: String, timeout: Duration = .seconds(15), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { throw AppTestTimeout(description: "timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(1))
    }
}

/// A one-shot gate an async middleware or handler waits on until the test opens it.
final class AppTestGate: Sendable {
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
