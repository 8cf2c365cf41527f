public import SIOParser
import Synchronization

/// The built-in session store (`"memory"`): sessions live in this process, expire `maxAge` after their last save,
/// and at most `maxSessions` are kept (a full store evicts the session closest to expiry).
///
/// Lost on restart and not shared between processes: for one process, or for development.
public final class InMemorySessionStore: SessionStore {
    /// The most sessions kept; at least 1.
    public let maxSessions: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state: Mutex<State>

    /// A store keeping at most `maxSessions` sessions (values below 1 count as 1).
    public convenience init(maxSessions: Int = 100_000) {
        self.init(maxSessions: maxSessions, now: { ContinuousClock.now })
    }

    /// A store reading the time from `now` (tests drive expiry with it).
    init(maxSessions: Int, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.maxSessions = max(1, maxSessions)
        self.now = now
        self.state = Mutex(State())
    }

    /// The session's data, or nil when unknown or expired (an expired session is removed).
    public func load(id: String) async throws -> [String: JSONValue]? {
        let now = now()
        return state.withLock { state in
            state.sweep(now: now)
            guard let entry = state.entries[id] else { return nil }
            guard entry.expiresAt > now else {
                state.entries[id] = nil
                return nil
            }
            return entry.data
        }
    }

    /// Stores the data until `maxAge` from now, evicting the session closest to expiry when full.
    public func save(id: String, data: [String: JSONValue], maxAge: Duration) async throws {
        let now = now()
        let maxSessions = maxSessions
        state.withLock { state in
            state.sweep(now: now)
            if state.entries[id] == nil {
                while state.entries.count >= maxSessions, state.evictFirstToExpire() {}
            }
            state.insert(id: id, data: data, expiresAt: now.advanced(by: maxAge))
        }
    }

    /// Forgets the session.
    public func destroy(id: String) async throws {
        state.withLock { state in state.entries[id] = nil }
    }

    /// How many sessions are held (expired ones not swept yet included).
    var count: Int { state.withLock { $0.entries.count } }

    /// How many expiry records are held, stale ones included (bounded by about twice `count`).
    var heapCount: Int { state.withLock { $0.heap.count } }
}

extension InMemorySessionStore {
    /// The sessions and a min-heap of their expiry times. Updates push a new heap entry and leave the old one stale
    /// (its generation no longer matches); the heap is rebuilt when stale entries outnumber live ones, so it stays
    /// within twice the number of sessions and every operation is O(log n) amortized.
    struct State: Sendable {
        struct Entry: Sendable {
            var data: [String: JSONValue]
            var expiresAt: ContinuousClock.Instant
            var generation: UInt64
        }

        struct Deadline: Sendable {
            var expiresAt: ContinuousClock.Instant
            var generation: UInt64
            var id: String

            func precedes(_ other: Deadline) -> Bool {
                (expiresAt, generation) < (other.expiresAt, other.generation)
            }
        }

        var entries: [String: Entry] = [:]
        var heap: [Deadline] = []
        var nextGeneration: UInt64 = 0

        mutating func insert(id: String, data: [String: JSONValue], expiresAt: ContinuousClock.Instant) {
            nextGeneration &+= 1
            entries[id] = Entry(data: data, expiresAt: expiresAt, generation: nextGeneration)
            push(Deadline(expiresAt: expiresAt, generation: nextGeneration, id: id))
            if heap.count > 2 * entries.count + 16 { rebuild() }
        }

        /// Removes every expired session.
        mutating func sweep(now: ContinuousClock.Instant) {
            while let first = heap.first, first.expiresAt <= now {
                popFirst()
                if isLive(first) { entries[first.id] = nil }
            }
        }

        /// Removes the live session that expires first; false when there is none.
        mutating func evictFirstToExpire() -> Bool {
            while let first = heap.first {
                popFirst()
                if isLive(first) {
                    entries[first.id] = nil
                    return true
                }
            }
            return false
        }

        private func isLive(_ deadline: Deadline) -> Bool {
            entries[deadline.id]?.generation == deadline.generation
        }

        private mutating func rebuild() {
            heap = entries.map { Deadline(expiresAt: $0.value.expiresAt, generation: $0.value.generation, id: $0.key) }
            var index = heap.count / 2
            while index > 0 {
                index -= 1
                siftDown(index)
            }
        }

        private mutating func push(_ deadline: Deadline) {
            heap.append(deadline)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[child].precedes(heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        }

        private mutating func popFirst() {
            guard !heap.isEmpty else { return }
            heap.swapAt(0, heap.count - 1)
            heap.removeLast()
            siftDown(0)
        }

        private mutating func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                guard smallest != parent else { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }
}
