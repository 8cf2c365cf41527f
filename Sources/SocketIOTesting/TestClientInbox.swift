import SIOParserNIO
import Synchronization

/// Every event a `SocketIOTestClient` received, by name, from the moment it connected: a bounded log per name
/// (the newest `limit` kept, older ones dropped and counted), a read position for `next`, live streams for `on`,
/// and the waiters of `next`. Thread-safe; no network, so its rules are tested directly.
final class TestClientInbox: Sendable {
    /// The result a waiter of `next` gets.
    typealias Outcome = Result<SIOArguments, SocketIOTestClientError>

    /// One event name's state.
    struct Channel {
        /// The retained events, oldest first; `entries[0]` is event number `base` of this name.
        var entries: [SIOArguments] = []
        /// The number (0 = first received) of `entries[0]`.
        var base = 0
        /// The number of the next event `next` returns.
        var cursor = 0
        /// Events dropped from the log because it was full.
        var dropped = 0
        var streams: [UInt64: AsyncStream<SIOArguments>.Continuation] = [:]
        var waiters: [(id: UInt64, slot: TestClientSlot<SIOArguments>)] = []

        /// How many events of this name arrived in all.
        var end: Int { base + entries.count }
    }

    struct State {
        var channels: [String: Channel] = [:]
        /// Events dropped because their name would exceed `maxNames`.
        var droppedNames = 0
        /// Set once the connection is over: the error `next` throws when nothing unread is left.
        var ended: SocketIOTestClientError?
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    /// Events kept per name.
    let limit: Int
    /// Distinct names kept.
    let maxNames: Int

    init(limit: Int, maxNames: Int) {
        self.limit = max(limit, 1)
        self.maxNames = max(maxNames, 1)
    }

    // MARK: - Inputs

    /// Records an incoming event: a waiting `next` takes it, every open stream gets it, the log keeps it.
    func received(_ name: String, _ arguments: SIOArguments) {
        let waiter: TestClientSlot<SIOArguments>? = state.withLock { state in
            guard state.ended == nil else { return nil }
            if state.channels[name] == nil {
                guard state.channels.count < maxNames else {
                    state.droppedNames += 1
                    return nil
                }
                state.channels[name] = Channel()
            }
            return Self.append(arguments, to: &state.channels[name, default: Channel()], limit: limit)
        }
        waiter?.fulfil(.success(arguments))
    }

    /// Adds one event to a channel (under the lock); returns the waiter that takes it, if any.
    private static func append(
        _ arguments: SIOArguments, to channel: inout Channel, limit: Int
    ) -> TestClientSlot<SIOArguments>? {
        channel.entries.append(arguments)
        if channel.entries.count > limit {
            // A full log moves its elements on each drop; `limit` is small and this only happens to a test that
            // lets a thousand events of one name pile up unread.
            channel.entries.removeFirst()
            channel.base += 1
            channel.dropped += 1
            channel.cursor = max(channel.cursor, channel.base)
        }
        // Yielding under the lock keeps a stream's replay before any live event; `yield` never calls back here.
        for continuation in channel.streams.values { continuation.yield(arguments) }
        guard !channel.waiters.isEmpty else { return nil }
        channel.cursor = channel.end
        return channel.waiters.removeFirst().slot
    }

    /// Marks the connection as over: waiters of `next` fail with `error`, streams finish. Later events are
    /// ignored. Only the first call counts.
    func end(_ error: SocketIOTestClientError) {
        let (waiters, streams) = state.withLock { state in
            guard state.ended == nil else {
                return ([TestClientSlot<SIOArguments>](), [AsyncStream<SIOArguments>.Continuation]())
            }
            state.ended = error
            var waiters: [TestClientSlot<SIOArguments>] = []
            var streams: [AsyncStream<SIOArguments>.Continuation] = []
            for name in state.channels.keys {
                waiters += state.channels[name]?.waiters.map(\.slot) ?? []
                streams += state.channels[name]?.streams.values.map { $0 } ?? []
                state.channels[name]?.waiters = []
                state.channels[name]?.streams = [:]
            }
            return (waiters, streams)
        }
        // Outside the lock: `finish` runs the stream's termination handler, which takes the lock.
        for waiter in waiters { waiter.fulfil(.failure(error)) }
        for stream in streams { stream.finish() }
    }

    // MARK: - Reading

    /// Whether `end` was called, and with what.
    var ended: SocketIOTestClientError? { state.withLock { $0.ended } }

    /// The retained events of `name`, oldest first (what `on` would replay).
    func retained(_ name: String) -> [SIOArguments] {
        state.withLock { $0.channels[name]?.entries ?? [] }
    }

    /// How many events of `name` were dropped because its log was full.
    func dropped(_ name: String) -> Int {
        state.withLock { $0.channels[name]?.dropped ?? 0 }
    }

    /// Every dropped event: full logs and names past `maxNames`.
    var droppedTotal: Int {
        state.withLock { state in state.channels.values.reduce(state.droppedNames) { $0 + $1.dropped } }
    }

    /// A stream of `name`: the retained events first, then each new one; it finishes when the connection ends.
    /// It keeps at most `limit` unread events itself (the newest).
    func stream(_ name: String) -> AsyncStream<SIOArguments> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: SIOArguments.self, bufferingPolicy: .bufferingNewest(limit))
        let registered: UInt64? = state.withLock { state in
            let entries = state.channels[name]?.entries ?? []
            for entry in entries { continuation.yield(entry) }
            guard state.ended == nil, state.channels[name] != nil || state.channels.count < maxNames else {
                return nil
            }
            let id = state.nextID
            state.nextID += 1
            state.channels[name, default: Channel()].streams[id] = continuation
            return id
        }
        guard let id = registered else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.channels[name]?.streams.removeValue(forKey: id) }
        }
        return stream
    }

    /// The next event of `name` that `next` has not returned yet, waiting up to `timeout` for one.
    func next(_ name: String, timeout: Duration) async -> Outcome {
        let slot = TestClientSlot<SIOArguments>()
        enum Start { case ready(Outcome), waiting(UInt64) }
        let start: Start = state.withLock { state in
            if var channel = state.channels[name], channel.cursor < channel.end {
                let entry = channel.entries[channel.cursor - channel.base]
                channel.cursor += 1
                state.channels[name] = channel
                return .ready(.success(entry))
            }
            if let ended = state.ended {
                return .ready(.failure(ended.with(event: name, "no unread \"\(name)\" event: \(ended.detail)")))
            }
            guard state.channels[name] != nil || state.channels.count < maxNames else {
                return .ready(
                    .failure(.failed.with(event: name, "more than \(maxNames) event names (maxEventNames)")))
            }
            let id = state.nextID
            state.nextID += 1
            state.channels[name, default: Channel()].waiters.append((id, slot))
            return .waiting(id)
        }
        let id: UInt64
        switch start {
        case .ready(let outcome): return outcome
        case .waiting(let waiting): id = waiting
        }
        let timer = Task {
            try await Task.sleep(for: timeout)
            let (received, dropped) = self.removeWaiter(name, id)
            slot.fulfil(
                .failure(
                    .timeout.with(
                        event: name,
                        "no \"\(name)\" event within \(timeout) (\(received) received before, all read"
                            + (dropped > 0 ? ", \(dropped) dropped)" : ")"))))
        }
        let outcome = await withTaskCancellationHandler {
            await slot.wait()
        } onCancel: {
            _ = self.removeWaiter(name, id)
            slot.fulfil(.failure(.failed.with(event: name, "next(\"\(name)\") was cancelled")))
        }
        timer.cancel()
        return outcome
    }

    /// Removes a waiter that gave up; returns how many events of `name` arrived and were dropped so far.
    private func removeWaiter(_ name: String, _ id: UInt64) -> (received: Int, dropped: Int) {
        state.withLock { state in
            state.channels[name]?.waiters.removeAll { $0.id == id }
            return (state.channels[name]?.end ?? 0, state.channels[name]?.dropped ?? 0)
        }
    }
}
