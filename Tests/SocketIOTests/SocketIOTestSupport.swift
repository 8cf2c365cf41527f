import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SIOParser
import SocketIO
import SocketIOTesting
import Synchronization
import Transports

/// Event loops shared by the in-memory tests (two, so that cross-loop paths run).
let testGroup = MultiThreadedEventLoopGroup(numberOfThreads: 2)

/// A server with test-friendly options and an in-memory connection factory.
struct TestServer {
    let io: SocketIOServer

    init(_ configure: (inout SocketIOServerOptions) -> Void = { _ in }) {
        var options = SocketIOServerOptions()
        options.engine.pingInterval = .seconds(20)
        options.engine.pingTimeout = .seconds(20)
        options.connectTimeout = .seconds(30)
        configure(&options)
        io = SocketIOServer(options: options, logger: Logger(label: "test"))
    }

    /// A new in-memory client; `loop` picks one of the two test loops.
    func client(
        query: String = "", headers: HTTPHeaders = [:], loop: Int = 0, answersPings: Bool = true,
        engineIOVersion: Int = 4
    ) async throws -> SocketIOTestConnection {
        let loops = Array(testGroup.makeIterator())
        return try await SocketIOTestConnection.open(
            io.engine, eventLoop: loops[loop % loops.count], query: query, headers: headers,
            answersPings: answersPings, engineIOVersion: engineIOVersion)
    }
}

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

extension TestServer {
    /// Records every socket that connects to `namespace` (after its `connection` handlers were registered).
    func recordSockets(_ namespace: String = "/") -> Recorder<Socket> {
        let sockets = Recorder<Socket>()
        io.of(namespace).onConnection { (socket: Socket) in sockets.append(socket) }
        return sockets
    }
}

extension String {
    /// The acknowledgement id of an outgoing event such as `421["q"]` or `451-7[...]` (digits before `[`).
    var ackID: Int? {
        var text = Substring(self.dropFirst(2))
        if let dash = text.firstIndex(of: "-") { text = text[text.index(after: dash)...] }
        if text.hasPrefix("/"), let comma = text.firstIndex(of: ",") { text = text[text.index(after: comma)...] }
        return Int(text.prefix { $0.isNumber })
    }
}

/// Values as compact JSON text (`[1,"x"]`), for readable expectations.
func json(_ values: [JSONValue]) -> String {
    JSONValue.array(values).serializedString()
}
