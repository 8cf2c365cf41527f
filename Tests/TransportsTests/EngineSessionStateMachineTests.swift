import EngineParser
import NIOCore
import Testing

@testable import Transports

@Suite struct EngineSessionStateMachineTests {
    typealias M = MachineSupport

    @Test func startQueuesOpenUntilTheFirstPollAndArmsHeartbeat() {
        var m = EngineSessionStateMachine(version: .v4, transport: .polling, config: M.config())
        #expect(M.describe(m.start(open: .control(.open, text: "{}"), initial: M.message("hi"))) == ["heartbeat 300"])
        #expect(M.describe(m.pollRequest()) == ["poll[0{},4hi]"])
        #expect(!m.getPending)
    }

    @Test func webSocketStartWritesOpenAtOnce() {
        var m = EngineSessionStateMachine(version: .v4, transport: .websocket, config: M.config())
        #expect(M.describe(m.start(open: .control(.open, text: "{}"), initial: nil)) == ["heartbeat 300", "ws[0{}]"])
    }

    @Test func overlappingPollIsRejectedAndClosesWithClosePacketOnTheFirst() {
        var m = M.machine()
        #expect(M.describe(m.pollRequest()) == ["poll[0{}]"])
        #expect(M.describe(m.pollRequest()) == [])
        #expect(M.describe(m.pollRequest()) == ["reject 400", "poll[1]", "closed: transport error"])
        #expect(m.readyState == .closed)
        #expect(M.describe(m.pollRequest()) == ["reject 400"])
    }

    @Test func overlappingPostIsRejectedAndCloses() {
        var m = M.machine()
        #expect(M.describe(m.postRequest(isOctetStream: false)) == ["readBody"])
        #expect(M.describe(m.postRequest(isOctetStream: false)) == ["reject 400", "closed: transport error"])
    }

    @Test func v4RefusesOctetStreamV3AcceptsIt() {
        var v4 = M.machine()
        #expect(M.describe(v4.postRequest(isOctetStream: true)) == ["reject 400", "closed: transport error"])
        var v3 = M.machine(.v3)
        #expect(M.describe(v3.postRequest(isOctetStream: true)) == ["readBody"])
    }

    @Test func tooLargePostGets413AndSessionStays() {
        var m = M.machine()
        _ = m.postRequest(isOctetStream: false)
        #expect(M.describe(m.postTooLarge()) == ["reject 413"])
        #expect(m.readyState == .open)
        #expect(M.describe(m.postRequest(isOctetStream: false)) == ["readBody"])
    }

    @Test func abortedPollAndPostClose() {
        var m = M.machine()
        _ = m.pollRequest()
        _ = m.pollRequest()
        #expect(M.describe(m.pollAborted()) == ["poll[1]", "closed: transport error"])
        var p = M.machine()
        _ = p.postRequest(isOctetStream: false)
        #expect(M.describe(p.postAborted()) == ["reject 400", "closed: transport error"])
        // An abort with no GET pending changes nothing.
        var q = M.machine()
        #expect(M.describe(q.pollAborted()) == [])
    }

    @Test func v4HeartbeatPingsThenTimesOut() {
        var m = M.machine()
        _ = m.pollRequest()
        #expect(M.describe(m.heartbeatFired()) == ["heartbeat 200"])
        #expect(M.describe(m.pollRequest()) == ["poll[2]"])
        #expect(M.describe(m.receive(.pong(probe: false))) == ["heartbeat 300"])
        #expect(M.describe(m.heartbeatFired()) == ["heartbeat 200"])
        #expect(M.describe(m.heartbeatFired()) == ["closed: ping timeout"])
    }

    @Test func v4PingFromClientIsATransportError() {
        var m = M.machine()
        #expect(M.describe(m.receive(.ping(probe: false))) == ["closed: transport error"])
    }

    @Test func v3ClientPingsServerPongs() {
        var m = EngineSessionStateMachine(version: .v3, transport: .polling, config: M.config())
        #expect(M.describe(m.start(open: .control(.open, text: "{}"), initial: nil)) == ["heartbeat 500"])
        _ = m.pollRequest()
        #expect(M.describe(m.receive(.ping(probe: false))) == ["heartbeat 500"])
        #expect(M.describe(m.pollRequest()) == ["poll[3]"])
        #expect(M.describe(m.heartbeatFired()) == ["closed: ping timeout"])
        var n = M.machine(.v3)
        #expect(M.describe(n.receive(.pong(probe: false))) == ["closed: transport error"])
    }

    @Test func clientCloseOnPollingEndsPendingGetWithNoop() {
        var m = M.machine()
        _ = m.pollRequest()
        _ = m.pollRequest()
        #expect(M.describe(m.receive(.close)) == ["poll[6]", "closed: transport close"])
    }

    @Test func clientCloseOnWebSocketClosesIt() {
        var m = M.machine(transport: .websocket)
        #expect(M.describe(m.receive(.close)) == ["closeWS 1000", "closed: transport close"])
        #expect(M.describe(m.webSocketClosed(error: false)) == [])
    }

    @Test func parseErrorCloses() {
        var m = M.machine(transport: .websocket)
        #expect(M.describe(m.receive(.parseError)) == ["closeWS 1000", "closed: parse error"])
    }

    @Test func serverCloseWithPendingGetSendsCloseAtOnce() {
        var m = M.machine()
        _ = m.pollRequest()
        _ = m.pollRequest()
        #expect(M.describe(m.close(reason: .forcedClose, discard: false)) == ["poll[1]", "closed: forced close"])
        #expect(M.describe(m.close(reason: .forcedClose, discard: false)) == [])
    }

    @Test func serverCloseWithoutGetWaitsForTheNextOne() {
        var m = M.machine()
        _ = m.pollRequest()
        #expect(M.describe(m.close(reason: .forcedClose, discard: false)) == ["pollingClose 5000"])
        #expect(m.readyState == .closing)
        #expect(M.describe(m.send(M.message("x"), volatile: false)) == ["closed"])
        #expect(M.describe(m.pollRequest()) == ["poll[6,1]", "closed: forced close"])
    }

    @Test func serverCloseWithoutGetTimesOut() {
        var m = M.machine()
        _ = m.pollRequest()
        _ = m.close(reason: .forcedClose, discard: false)
        #expect(M.describe(m.pollingCloseTimedOut()) == ["closed: forced close"])
    }

    @Test func bufferedCloseWaitsForDrainThenForAnotherGet() {
        var m = M.machine()
        _ = m.pollRequest()
        #expect(M.describe(m.send(M.message("a"), volatile: false)) == ["queued"])
        #expect(M.describe(m.close(reason: .forcedClose, discard: false)) == [])
        #expect(M.describe(m.pollRequest()) == ["poll[4a]", "drained", "pollingClose 5000"])
        #expect(M.describe(m.pollRequest()) == ["poll[6,1]", "closed: forced close"])
    }

    @Test func bufferedCloseOnWebSocketWaitsForWritability() {
        var m = M.machine(transport: .websocket)
        _ = m.webSocketWritabilityChanged(false)
        #expect(M.describe(m.send(M.message("a"), volatile: false)) == ["queued"])
        #expect(M.describe(m.close(reason: .forcedClose, discard: false)) == [])
        #expect(M.describe(m.webSocketWritabilityChanged(true))
            == ["ws[4a]", "drained", "closeWS 1000", "closed: forced close"])
    }

    @Test func discardCloseDoesNotWait() {
        var m = M.machine()
        _ = m.pollRequest()
        _ = m.send(M.message("a"), volatile: false)
        #expect(M.describe(m.close(reason: .serverShuttingDown, discard: true)) == ["closed: server shutting down"])
        var w = M.machine(transport: .websocket)
        #expect(M.describe(w.close(reason: .serverShuttingDown, discard: true))
            == ["closeWS 1001", "closed: server shutting down"])
    }

    @Test func sendOnPollingWithPendingGetRespondsAtOnce() {
        var m = M.machine()
        _ = m.pollRequest()
        _ = m.pollRequest()
        #expect(M.describe(m.send(M.message("a"), volatile: true)) == ["written", "poll[4a]"])
        #expect(M.describe(m.send(M.message("b"), volatile: true)) == ["droppedVolatile"])
        #expect(M.describe(m.send(M.message("c"), volatile: false)) == ["queued"])
        #expect(M.describe(m.pollRequest()) == ["poll[4c]", "drained"])
    }

    @Test func webSocketWritesNowOrQueuesWhenNotWritable() {
        var m = M.machine(transport: .websocket)
        #expect(m.canWriteNow)
        #expect(M.describe(m.send(M.message("a"), volatile: false)) == ["writeNow"])
        _ = m.webSocketWritabilityChanged(false)
        #expect(!m.canWriteNow)
        #expect(M.describe(m.send(M.message("v"), volatile: true)) == ["droppedVolatile"])
        #expect(M.describe(m.send(M.message("b"), volatile: false)) == ["queued"])
        #expect(M.describe(m.webSocketWritabilityChanged(true)) == ["ws[4b]", "drained"])
        #expect(M.describe(m.send(M.message("c"), volatile: false)) == ["writeNow"])
    }

    @Test func queueBoundPolicies() {
        let byCount = EngineSendQueueLimits(maxBytes: 1000, maxPackets: 2, policy: .failSend)
        var m = M.machine(config: M.config(sendQueue: byCount))
        #expect(M.describe(m.send(M.message("a"), volatile: false)) == ["queued"])
        #expect(M.describe(m.send(M.message("b"), volatile: false)) == ["queued"])
        #expect(M.describe(m.send(M.message("c"), volatile: false)) == ["queueFull"])
        #expect(m.readyState == .open)

        let byBytes = EngineSendQueueLimits(maxBytes: 5, maxPackets: 100, policy: .dropVolatile)
        var d = M.machine(config: M.config(sendQueue: byBytes))
        #expect(M.describe(d.send(M.message("abcd"), volatile: false)) == ["queued"])
        #expect(M.describe(d.send(M.message("ef"), volatile: false)) == ["queueFull"])
        #expect(M.describe(d.send(M.message("ef"), volatile: true)) == ["droppedVolatile"])
        #expect(M.describe(d.send(M.message("e"), volatile: false)) == ["queued"])

        let closing = EngineSendQueueLimits(maxBytes: 1000, maxPackets: 1, policy: .closeSession)
        var c = M.machine(transport: .websocket, config: M.config(sendQueue: closing))
        _ = c.webSocketWritabilityChanged(false)
        #expect(M.describe(c.send(M.message("a"), volatile: false)) == ["queued"])
        #expect(M.describe(c.send(M.message("b"), volatile: false))
            == ["queueFull", "closeWS 1000", "closed: send queue overflow"])
    }

    @Test func pollingResponsesSplitAtMaxPayload() {
        var m = M.machine(config: M.config(maxPayload: 10))
        _ = m.pollRequest()
        _ = m.send(M.message("aaaa"), volatile: false)
        _ = m.send(M.message("bbbb"), volatile: false)
        _ = m.send(M.message("cccc"), volatile: false)
        // 1 + 4 = 5 ≤ 10 → +2 = 7; 7 + 4 = 11 > 10 → stop after the first.
        #expect(M.describe(m.pollRequest()) == ["poll[4aaaa]"])
        #expect(m.queuedMessages == 2)
        #expect(M.describe(m.pollRequest()) == ["poll[4bbbb]"])
        #expect(M.describe(m.pollRequest()) == ["poll[4cccc]", "drained"])
        #expect(m.queuedBytes == 0)
    }

    @Test func v3PollingDoesNotSplit() {
        var m = M.machine(.v3, config: M.config(maxPayload: 10))
        _ = m.pollRequest()
        _ = m.send(M.message("aaaa"), volatile: false)
        _ = m.send(M.message("bbbb"), volatile: false)
        #expect(M.describe(m.pollRequest()) == ["poll[4aaaa,4bbbb]", "drained"])
    }
}
