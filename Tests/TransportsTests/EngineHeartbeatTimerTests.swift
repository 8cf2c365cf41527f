import NIOCore
import Testing

@testable import Transports

@Suite struct EngineHeartbeatTimerTests {
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test func laterDeadlineReusesThePendingCallback() {
        var timer = EngineHeartbeatTimer()
        #expect(timer.arm(in: .milliseconds(200), now: t0) == t0 + .milliseconds(200))
        // A pong moves the deadline later: no new callback.
        #expect(timer.arm(in: .milliseconds(300), now: t0 + .milliseconds(50)) == nil)
        var next: NIODeadline?
        #expect(!timer.fired(now: t0 + .milliseconds(200), reschedule: &next))
        #expect(next == t0 + .milliseconds(350))
        next = nil
        #expect(timer.fired(now: t0 + .milliseconds(350), reschedule: &next))
        #expect(next == nil)
        #expect(timer.deadline == nil)
    }

    @Test func rearmWhileDueCountsFromTheDeadline() {
        var timer = EngineHeartbeatTimer()
        _ = timer.arm(in: .milliseconds(300), now: t0)
        var next: NIODeadline?
        // The callback runs 7 ms late; the ping timeout still ends 200 ms after the ping was due.
        #expect(timer.fired(now: t0 + .milliseconds(307), reschedule: &next))
        #expect(timer.arm(in: .milliseconds(200), now: t0 + .milliseconds(307)) == t0 + .milliseconds(500))
        timer.finishedDue()
        #expect(timer.dueDeadline == nil)
    }

    @Test func earlierDeadlineSchedulesAnew() {
        var timer = EngineHeartbeatTimer()
        _ = timer.arm(in: .milliseconds(500), now: t0)
        #expect(timer.arm(in: .milliseconds(100), now: t0) == t0 + .milliseconds(100))
    }

    @Test func stoppedTimerDoesNothingWhenFired() {
        var timer = EngineHeartbeatTimer()
        _ = timer.arm(in: .milliseconds(100), now: t0)
        timer.stop()
        var next: NIODeadline?
        #expect(!timer.fired(now: t0 + .milliseconds(100), reschedule: &next))
        #expect(next == nil)
    }
}
