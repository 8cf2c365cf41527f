import SIOParser
import Synchronization
import Testing

@testable import SocketIOApp

@Suite struct SessionSaveOrderTests {
    /// A store whose first save waits until the test opens the gate; reports when that save has begun.
    final class GatedStore: SessionStore {
        private let inner = InMemorySessionStore()
        private let state = Mutex((gated: true, began: nil as CheckedContinuation<Void, Never>?,
            gate: nil as CheckedContinuation<Void, Never>?, hasBegun: false))

        func load(id: String) async throws -> [String: JSONValue]? { try await inner.load(id: id) }
        func destroy(id: String) async throws { try await inner.destroy(id: id) }

        func save(id: String, data: [String: JSONValue], maxAge: Duration) async throws {
            let gated = state.withLock { state in
                defer { state.gated = false }
                return state.gated
            }
            if gated {
                await withCheckedContinuation { gate in
                    let began = state.withLock { state in
                        state.gate = gate
                        state.hasBegun = true
                        return state.began
                    }
                    began?.resume()
                }
            }
            try await inner.save(id: id, data: data, maxAge: maxAge)
        }

        func waitUntilTheFirstSaveBegan() async {
            await withCheckedContinuation { began in
                let already = state.withLock { state in
                    if !state.hasBegun { state.began = began }
                    return state.hasBegun
                }
                if already { began.resume() }
            }
        }

        func openTheGate() { state.withLock { $0.gate }?.resume() }
    }

    @Test func anOlderSaveLandingLastIsWrittenAgainByTheNextPersist() async throws {
        let store = GatedStore()
        let resolver = try SessionResolver(configuration: SessionConfiguration(secrets: ["k"]), store: store)
        let session = resolver.newSession()
        session["n"] = .int(1)
        let older = Task { try await session.save() }
        await store.waitUntilTheFirstSaveBegan()
        session["n"] = .int(2)
        try await session.save()
        #expect(try await store.load(id: session.id) == ["n": .int(2)])
        #expect(!session.isChanged)
        store.openTheGate()
        try await older.value
        #expect(try await store.load(id: session.id) == ["n": .int(1)])  // stale: the older snapshot landed last
        #expect(session.isChanged)
        try await resolver.persistIfNeeded(session)
        #expect(try await store.load(id: session.id) == ["n": .int(2)])
        #expect(!session.isChanged)
    }

    @Test func anOlderSaveLandingAfterADestroyDoesNotBringTheSessionBack() async throws {
        let store = GatedStore()
        let resolver = try SessionResolver(configuration: SessionConfiguration(secrets: ["k"]), store: store)
        let session = resolver.newSession()
        session["n"] = .int(1)
        let older = Task { try await session.save() }
        await store.waitUntilTheFirstSaveBegan()
        try await session.destroy()
        store.openTheGate()
        try await older.value
        #expect(try await store.load(id: session.id) == nil)
        #expect(!session.isChanged)
        try await resolver.persistIfNeeded(session)
        #expect(try await store.load(id: session.id) == nil)
    }
}
