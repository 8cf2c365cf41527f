import NIOCore
import NIOEmbedded
import Testing

@testable import Transports

/// The per-loop heartbeat queue: each session pings on its own schedule, and ended sessions leave no entry.
@Suite struct EngineHeartbeatQueueTests {
    @Test func sessionsOnOneLoopKeepTheirOwnSchedulesAndLeaveNoEntries() async throws {
        let h = EndpointHarness()
        let queue = h.endpoint.heartbeatQueues.queue(for: h.loop)
        let first = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        await h.loop.advanceTime(by: .milliseconds(100))
        let second = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        await h.loop.advanceTime(by: .milliseconds(100))
        let third = try #require(try await h.upgrade("EIO=4&transport=websocket").transport)
        #expect(try await h.loop.submit { queue.count }.get() == 3)

        // At 300 ms only the first session is due its ping; the second at 400 ms, the third at 500 ms.
        await h.loop.advanceTime(by: .milliseconds(100))
        #expect(first.written.last == .text("2"))
        #expect(second.written.count == 1)
        await h.loop.advanceTime(by: .milliseconds(100))
        #expect(second.written.last == .text("2"))
        #expect(third.written.count == 1)
        first.receive(text: "3")
        second.receive(text: "1")
        await h.loop.run()
        #expect(second.closedCode != nil)
        // The closed session's entry is gone; the others wait (the first for its next ping, the third for its
        // first).
        #expect(try await h.loop.submit { queue.count }.get() == 2)

        await h.loop.advanceTime(by: .milliseconds(100))
        #expect(third.written.last == .text("2"))
        // Nobody answers any more: both time out and the queue empties.
        await h.loop.advanceTime(by: .milliseconds(1_000))
        #expect(first.closedCode != nil)
        #expect(third.closedCode != nil)
        #expect(try await h.loop.submit { queue.count }.get() == 0)
    }
}
