import EngineParser
import NIOCore
import Testing

@testable import Transports

@Suite struct EngineUpgradeStateMachineTests {
    typealias M = MachineSupport

    @Test func happyPath() {
        var m = M.machine()
        _ = m.pollRequest()
        #expect(M.describe(m.probeArrived()) == ["upgradeTimeout 1000"])
        #expect(M.describe(m.receiveOnProbe(.ping(probe: true))) == ["probe[3probe]", "upgradeCheck 100"])
        #expect(M.describe(m.pollRequest()) == [])
        #expect(M.describe(m.upgradeCheckFired()) == ["upgradeCheck 100", "poll[6]"])
        #expect(M.describe(m.upgradeCheckFired()) == ["upgradeCheck 100"])
        _ = m.send(M.message("queued"), volatile: false)
        #expect(M.describe(m.receiveOnProbe(.upgrade))
            == ["cancelUpgradeTimers", "promoteProbe", "upgraded", "ws[4queued]", "drained"])
        #expect(m.transport == .websocket)
        #expect(m.upgrade == .upgraded)
        #expect(M.describe(m.send(M.message("x"), volatile: false)) == ["writeNow"])
        // Polling requests after the upgrade are refused; a second WebSocket is refused.
        #expect(M.describe(m.pollRequest()) == ["reject 400"])
        #expect(M.describe(m.probeArrived()) == ["refuseProbe"])
    }

    @Test func pendingGetAtProbeGetsNoopAtOnce() {
        var m = M.machine()
        _ = m.pollRequest()
        _ = m.pollRequest()
        _ = m.probeArrived()
        #expect(M.describe(m.receiveOnProbe(.ping(probe: true)))
            == ["probe[3probe]", "upgradeCheck 100", "poll[6]"])
    }

    @Test func pendingGetAtUpgradeIsRefused() {
        var m = M.machine()
        _ = m.pollRequest()
        _ = m.probeArrived()
        _ = m.receiveOnProbe(.ping(probe: true))
        _ = m.pollRequest()
        #expect(M.describe(m.receiveOnProbe(.upgrade))
            == ["cancelUpgradeTimers", "refusePoll", "promoteProbe", "upgraded"])
    }

    @Test func secondProbeWhileUpgradingIsRefused() {
        var m = M.machine()
        _ = m.probeArrived()
        #expect(M.describe(m.probeArrived()) == ["refuseProbe"])
    }

    @Test func probeRefusedWhenUpgradesAreOff() {
        var options = EngineServerOptions()
        options.allowUpgrades = false
        var m = M.machine(config: EngineSessionConfig(options))
        #expect(M.describe(m.probeArrived()) == ["refuseProbe"])
    }

    @Test func webSocketOnlySessionRefusesProbe() {
        var m = M.machine(transport: .websocket)
        #expect(M.describe(m.probeArrived()) == ["refuseProbe"])
    }

    @Test func timeoutAbandonsProbe() {
        var m = M.machine()
        _ = m.probeArrived()
        _ = m.receiveOnProbe(.ping(probe: true))
        #expect(M.describe(m.upgradeTimedOut()) == ["cancelUpgradeTimers", "closeProbe"])
        #expect(m.upgrade == .none)
        #expect(m.transport == .polling)
        // A new probe may try again.
        #expect(M.describe(m.probeArrived()) == ["upgradeTimeout 1000"])
    }

    @Test func unexpectedProbePacketAbandonsProbe() {
        var m = M.machine()
        _ = m.probeArrived()
        #expect(M.describe(m.receiveOnProbe(.message)) == ["cancelUpgradeTimers", "closeProbe"])
    }

    @Test func probeClosingAbandonsUpgrade() {
        var m = M.machine()
        _ = m.probeArrived()
        #expect(M.describe(m.probeClosed()) == ["cancelUpgradeTimers", "forgetProbe"])
    }

    @Test func sessionCloseDuringUpgradeClosesProbe() {
        var m = M.machine()
        _ = m.probeArrived()
        #expect(M.describe(m.heartbeatFired()) == ["heartbeat 200"])
        #expect(M.describe(m.heartbeatFired())
            == ["cancelUpgradeTimers", "closeProbe", "closed: ping timeout"])
    }

    @Test func closeWaitingForGetCompletesOverUpgradedWebSocket() {
        var m = M.machine()
        _ = m.pollRequest()
        _ = m.probeArrived()
        _ = m.receiveOnProbe(.ping(probe: true))
        #expect(M.describe(m.close(reason: .forcedClose, discard: false)) == ["pollingClose 5000"])
        #expect(M.describe(m.receiveOnProbe(.upgrade))
            == ["cancelUpgradeTimers", "promoteProbe", "upgraded", "closeWS 1000", "closed: forced close"])
    }

    @Test func webSocketEndingClosesSession() {
        var m = M.machine(transport: .websocket)
        #expect(M.describe(m.webSocketClosed(error: true)) == ["closed: transport error"])
        var n = M.machine(transport: .websocket)
        #expect(M.describe(n.webSocketClosed(error: false)) == ["closed: transport close"])
    }
}
