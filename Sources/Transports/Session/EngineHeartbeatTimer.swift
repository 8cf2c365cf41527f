import NIOCore

/// The session's single heartbeat timer, re-armed without cancelling; its callbacks are entries in the loop's
/// `EngineHeartbeatQueue`.
///
/// The heartbeat moves its deadline on every pong (v4) or ping (v3). Cancelling a scheduled task costs a search of
/// the loop's whole timer queue, which at tens of thousands of sessions adds up, so a re-arm only records the new
/// deadline: the one pending callback, when it fires early, schedules itself again for the rest. Only a deadline
/// earlier than the pending callback (which the heartbeat never asks for) cancels and schedules anew.
///
/// Every session carries one, so the three deadlines are stored as bare nanosecond counts (`PackedDeadline`, 8 bytes
/// instead of an optional's 16).
struct EngineHeartbeatTimer {
    /// When the heartbeat is due; nil when stopped.
    private(set) var deadline: NIODeadline? {
        get { packedDeadline.value }
        set { packedDeadline = PackedDeadline(newValue) }
    }
    /// While the heartbeat that just came due runs, its deadline: the next deadline counts from it rather than
    /// from the moment the callback ran, so timer latency does not add up (ping at interval, timeout exactly
    /// pingTimeout later, as the suites measure).
    private(set) var dueDeadline: NIODeadline? {
        get { packedDue.value }
        set { packedDue = PackedDeadline(newValue) }
    }
    /// When the pending callback fires; nil when none is pending.
    private var scheduledAt: NIODeadline? {
        get { packedScheduledAt.value }
        set { packedScheduledAt = PackedDeadline(newValue) }
    }
    private var packedDeadline = PackedDeadline(nil)
    private var packedScheduledAt = PackedDeadline(nil)
    private var packedDue = PackedDeadline(nil)

    /// Whether an entry waits in the loop's `EngineHeartbeatQueue`.
    var hasPending: Bool { scheduledAt != nil }

    /// Sets the deadline to `delay` from now; returns the time to schedule a callback for, if one is needed.
    mutating func arm(in delay: TimeAmount, now: NIODeadline) -> NIODeadline? {
        let due = (dueDeadline ?? now) + delay
        deadline = due
        if let scheduledAt, scheduledAt <= due { return nil }
        scheduledAt = due
        return due
    }

    /// A callback fired at `now`: true when the heartbeat is due (the deadline passed); otherwise the time to
    /// schedule the next callback for is returned through `reschedule`.
    mutating func fired(now: NIODeadline, reschedule: inout NIODeadline?) -> Bool {
        scheduledAt = nil
        guard let deadline else { return false }
        if deadline <= now {
            self.deadline = nil
            dueDeadline = deadline
            return true
        }
        scheduledAt = deadline
        reschedule = deadline
        return false
    }

    /// The heartbeat that came due has run.
    mutating func finishedDue() {
        dueDeadline = nil
    }

    /// Stops the timer (the session ended).
    mutating func stop() {
        deadline = nil
        scheduledAt = nil
    }
}

/// An optional deadline in one word: uptime nanoseconds, 0 for none (a deadline computed from the clock is never
/// at uptime 0).
private struct PackedDeadline {
    private let nanoseconds: UInt64

    init(_ deadline: NIODeadline?) {
        nanoseconds = deadline.map { max($0.uptimeNanoseconds, 1) } ?? 0
    }

    var value: NIODeadline? {
        nanoseconds == 0 ? nil : .uptimeNanoseconds(nanoseconds)
    }
}

extension EngineSession {
    /// (Re)arms the heartbeat for `delay` from now.
    func armHeartbeat(_ delay: TimeAmount) {
        let hadPending = heartbeat.hasPending
        guard let due = heartbeat.arm(in: delay, now: eventLoop.now) else { return }
        // Earlier than the waiting entry (never asked for by the heartbeat itself): replace it.
        if hadPending { heartbeatQueue.remove(self) }
        heartbeatQueue.schedule(self, at: due)
    }

    /// Stops the heartbeat (the session ended).
    func stopHeartbeat() {
        if heartbeat.hasPending { heartbeatQueue.remove(self) }
        heartbeat.stop()
    }

    /// The heartbeat callback fired: run the heartbeat if due, else wait for the rest.
    func heartbeatCallbackFired() {
        var reschedule: NIODeadline?
        if heartbeat.fired(now: eventLoop.now, reschedule: &reschedule) {
            let actions = machine.heartbeatFired()
            // Only the re-arm of this heartbeat counts from its deadline; later inputs count from their own time.
            if case .armHeartbeat(let delay)? = actions.first {
                armHeartbeat(delay)
                heartbeat.finishedDue()
                perform(Array(actions.dropFirst()))
            } else {
                heartbeat.finishedDue()
                perform(actions)
            }
        } else if let reschedule {
            heartbeatQueue.schedule(self, at: reschedule)
        }
    }
}
