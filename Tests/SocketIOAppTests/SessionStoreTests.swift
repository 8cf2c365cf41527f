import SIOParser
import Synchronization
import Testing

@testable import SocketIOApp

/// A clock the test moves by hand.
final class SessionTestClock: Sendable {
    private let current = Mutex(ContinuousClock.now)
    func now() -> ContinuousClock.Instant { current.withLock { $0 } }
    func advance(_ duration: Duration) { current.withLock { $0 = $0.advanced(by: duration) } }
}

@Suite struct SessionStoreTests {
    @Test func savesLoadsAndDestroys() async throws {
        let store = InMemorySessionStore(maxSessions: 10)
        #expect(try await store.load(id: "a") == nil)
        try await store.save(id: "a", data: ["user": .string("ann")], maxAge: .seconds(60))
        #expect(try await store.load(id: "a") == ["user": .string("ann")])
        try await store.save(id: "a", data: ["user": .string("bob")], maxAge: .seconds(60))
        #expect(try await store.load(id: "a") == ["user": .string("bob")])
        #expect(store.count == 1)
        try await store.destroy(id: "a")
        #expect(try await store.load(id: "a") == nil)
        #expect(store.count == 0)
    }

    @Test func expiredSessionLoadsAsNil() async throws {
        let clock = SessionTestClock()
        let store = InMemorySessionStore(maxSessions: 10, now: { clock.now() })
        try await store.save(id: "a", data: ["n": .int(1)], maxAge: .seconds(60))
        clock.advance(.seconds(59))
        #expect(try await store.load(id: "a") == ["n": .int(1)])
        clock.advance(.seconds(1))
        #expect(try await store.load(id: "a") == nil)
        #expect(store.count == 0)
    }

    @Test func saveRestartsTheLifetime() async throws {
        let clock = SessionTestClock()
        let store = InMemorySessionStore(maxSessions: 10, now: { clock.now() })
        try await store.save(id: "a", data: [:], maxAge: .seconds(60))
        clock.advance(.seconds(50))
        try await store.save(id: "a", data: ["n": .int(2)], maxAge: .seconds(60))
        clock.advance(.seconds(50))
        #expect(try await store.load(id: "a") == ["n": .int(2)])
        clock.advance(.seconds(10))
        #expect(try await store.load(id: "a") == nil)
    }

    @Test func sweepFreesExpiredSessionsNobodyLoads() async throws {
        let clock = SessionTestClock()
        let store = InMemorySessionStore(maxSessions: 1_000, now: { clock.now() })
        for index in 0..<100 {
            try await store.save(id: "old\(index)", data: [:], maxAge: .seconds(10))
        }
        #expect(store.count == 100)
        clock.advance(.seconds(11))
        try await store.save(id: "fresh", data: [:], maxAge: .seconds(10))
        #expect(store.count == 1)
        #expect(try await store.load(id: "fresh") == [:])
    }

    @Test func fullStoreEvictsTheSessionClosestToExpiry() async throws {
        let clock = SessionTestClock()
        let store = InMemorySessionStore(maxSessions: 3, now: { clock.now() })
        try await store.save(id: "long", data: [:], maxAge: .seconds(300))
        try await store.save(id: "short", data: [:], maxAge: .seconds(100))
        try await store.save(id: "middle", data: [:], maxAge: .seconds(200))
        try await store.save(id: "new", data: [:], maxAge: .seconds(300))
        #expect(store.count == 3)
        #expect(try await store.load(id: "short") == nil)
        #expect(try await store.load(id: "long") != nil)
        #expect(try await store.load(id: "middle") != nil)
        #expect(try await store.load(id: "new") != nil)
        // Updating a session already held never evicts another.
        try await store.save(id: "middle", data: ["x": .bool(true)], maxAge: .seconds(1))
        #expect(store.count == 3)
        // With equal lifetimes, the oldest save goes first.
        try await store.save(id: "newer", data: [:], maxAge: .seconds(300))
        #expect(try await store.load(id: "middle") == nil)
        try await store.save(id: "newest", data: [:], maxAge: .seconds(300))
        #expect(try await store.load(id: "long") == nil)
        #expect(try await store.load(id: "new") != nil)
    }

    @Test func boundHoldsUnderManyUpdatesAndInserts() async throws {
        let clock = SessionTestClock()
        let store = InMemorySessionStore(maxSessions: 50, now: { clock.now() })
        for round in 0..<2_000 {
            clock.advance(.milliseconds(10))
            try await store.save(id: "s\(round % 120)", data: ["round": .int(Int64(round))], maxAge: .seconds(3600))
            #expect(store.count <= 50)
        }
        // The most recent saves survive.
        #expect(try await store.load(id: "s\(1_999 % 120)") == ["round": .int(1_999)])
        #expect(store.heapCount <= 2 * 50 + 17)
    }

    @Test func nonPositiveBoundKeepsOne() async throws {
        let store = InMemorySessionStore(maxSessions: 0)
        #expect(store.maxSessions == 1)
        try await store.save(id: "a", data: [:], maxAge: .seconds(60))
        try await store.save(id: "b", data: [:], maxAge: .seconds(60))
        #expect(store.count == 1)
        #expect(try await store.load(id: "b") == [:])
    }

    @Test func concurrentUseStaysConsistent() async throws {
        let store = InMemorySessionStore(maxSessions: 64)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<200 {
                        let id = "t\(task)-\(index % 16)"
                        try await store.save(id: id, data: ["i": .int(Int64(index))], maxAge: .seconds(60))
                        _ = try await store.load(id: id)
                        if index % 7 == 0 { try await store.destroy(id: id) }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(store.count <= 64)
    }
}
