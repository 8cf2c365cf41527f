import Testing
import WSFraming

/// `WSCloseStateMachine` keeps its timeout in nanoseconds: what is set reads back, and extremes clamp.
@Suite struct WSCloseTimeoutStorageTests {
    @Test func timeoutReadsBackAsSet() {
        var machine = WSCloseStateMachine(role: .server, timeout: .milliseconds(1_500))
        #expect(machine.timeout == .milliseconds(1_500))
        #expect(machine.close(WSClosePayload(code: .normalClosure)).contains(.startTimer(.milliseconds(1_500))))
        machine.timeout = .nanoseconds(7)
        #expect(machine.timeout == .nanoseconds(7))
        #expect(WSCloseStateMachine(role: .client).timeout == .seconds(5))
    }

    @Test func extremeTimeoutsClamp() {
        var machine = WSCloseStateMachine(role: .server)
        machine.timeout = .seconds(Int64.max)
        #expect(machine.timeout == .nanoseconds(Int64.max))
        machine.timeout = .seconds(Int64.min)
        #expect(machine.timeout == .nanoseconds(Int64.min))
    }
}
