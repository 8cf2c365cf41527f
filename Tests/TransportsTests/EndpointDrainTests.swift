import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import Transports

/// Records when `waitForDrain` returns.
private final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

@Suite struct EndpointDrainTests {
    @Test func waitForDrainReturnsOnceTheQueueEmpties() async throws {
        let h = EndpointHarness()
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        let session = try #require(h.handler.sessions.first)
        await h.loop.run()
        #expect(session.isDrained)
        await session.waitForDrain()  // nothing queued: returns at once

        ws.setWritable(false)
        await h.loop.run()
        _ = try await h.loop.executeInContext { session.send(.text("a")) }
        #expect(!session.isDrained)
        let done = Flag()
        let waiter = Task {
            await session.waitForDrain()
            done.set()
        }
        await h.loop.run()
        try await Task.sleep(for: .milliseconds(20))
        #expect(!done.isSet)
        ws.setWritable(true)
        await h.loop.run()
        await waiter.value
        #expect(done.isSet)
        #expect(session.isDrained)
    }

    @Test func waitForDrainReturnsWhenTheSessionCloses() async throws {
        let h = EndpointHarness()
        let ws = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        let session = try #require(h.handler.sessions.first)
        ws.setWritable(false)
        await h.loop.run()
        _ = try await h.loop.executeInContext { session.send(.text("a")) }
        let waiter = Task { await session.waitForDrain() }
        await h.loop.run()
        ws.end()
        await h.loop.run()
        await waiter.value
        #expect(session.isClosed)
    }
}
