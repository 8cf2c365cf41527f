import EngineParser
import Testing

@testable import EngineClient

@Suite("EngineClientStateMachine (no network)")
struct EngineClientStateMachineTests {
    typealias Machine = EngineClientStateMachine

    private func pollingMachine(maxPayload: Int = 1_000_000) -> Machine {
        var machine = Machine(transport: .polling, maxPayload: maxPayload)
        do { let got = machine.opened(); #expect(got == [.resetHeartbeat, .startGet]) }
        return machine
    }

    @Test("one POST in flight; queued messages go in the next payload")
    func onePost() throws {
        var machine = pollingMachine()
        do { let got = try machine.send(.text("a")); #expect(got == [.startPost(Array("4a".utf8))]) }
        do { let got = try machine.send(.text("b")); #expect(got == []) }
        do { let got = try machine.send(.binary([1, 2, 3])); #expect(got == []) }
        do { let got = machine.postSucceeded(); #expect(got == [.startPost(Array("4b\u{1e}bAQID".utf8))]) }
        do { let got = machine.postSucceeded(); #expect(got == []) }
    }

    @Test("payloads split within maxPayload, first packet always sent")
    func split() throws {
        var machine = pollingMachine(maxPayload: 10)
        let long = String(repeating: "x", count: 20)
        do { let got = try machine.send(.text(long)); #expect(got == [.startPost(Array(("4" + long).utf8))]) }
        _ = try machine.send(.text("abc"))
        _ = try machine.send(.text("def"))
        _ = try machine.send(.text("ghi"))
        // 1 + 3 = 4 (+2) → 6 + 3 = 9 (+2) → 11 + 3 = 14 > 10: two packets.
        do { let got = machine.postSucceeded(); #expect(got == [.startPost(Array("4abc\u{1e}4def".utf8))]) }
        do { let got = machine.postSucceeded(); #expect(got == [.startPost(Array("4ghi".utf8))]) }
    }

    @Test("the queue is bounded by maxQueuedBytes; sent payloads free their bytes")
    func queueBound() throws {
        var machine = Machine(transport: .polling, maxPayload: 1_000, maxQueuedBytes: 10)
        _ = machine.opened()
        do { let got = try machine.send(.text("0123456789abc")); #expect(got == [.startPost(Array("40123456789abc".utf8))]) }
        do { let got = try machine.send(.text("01234")); #expect(got == []) }
        do { let got = try machine.send(.binary([1, 2, 3, 4, 5])); #expect(got == []) }
        #expect(throws: EngineClientError.sendQueueFull) { _ = try machine.send(.text("x")) }
        do { let got = machine.postSucceeded(); #expect(got.count == 1) }
        do { let got = try machine.send(.text("0123456789")); #expect(got == []) }
    }

    @Test("a ping is answered with a pong and resets the heartbeat")
    func ping() {
        var machine = pollingMachine()
        do { let got = machine.received(.ping("")); #expect(got == [.resetHeartbeat, .startPost(Array("3".utf8))]) }
        do { let got = machine.getSucceeded(); #expect(got == [.startGet]) }
    }

    @Test("messages are delivered; close ends the session once")
    func deliverAndClose() throws {
        var machine = pollingMachine()
        do { let got = machine.received(.message(.text("hi"))); #expect(got == [.deliver(.text("hi"))]) }
        do { let got = machine.received(.close); #expect(got == [.close(.transportClose)]) }
        do { let got = machine.received(.message(.text("late"))); #expect(got == []) }
        do { let got = machine.heartbeatExpired(); #expect(got == []) }
        do { let got = machine.getSucceeded(); #expect(got == []) }
        #expect(throws: EngineClientError.closed) { _ = try machine.send(.text("x")) }
        #expect(machine.closeReason == .transportClose)
    }

    @Test("upgrade: pause waits for the GET and the POST, then switches and flushes over the WebSocket")
    func upgradeWaits() throws {
        var machine = pollingMachine()
        do { let got = machine.startProbe(); #expect(got) }
        do { let got = machine.startProbe(); #expect(!got) }
        do { let got = try machine.send(.text("a")); #expect(got == [.startPost(Array("4a".utf8))]) }
        do { let got = machine.probeSucceeded(); #expect(got == []) }
        #expect(machine.upgrade == .pausing)
        do { let got = try machine.send(.text("b")); #expect(got == []) }
        do { let got = try machine.send(.binary([9])); #expect(got == []) }
        do { let got = machine.getSucceeded(); #expect(got == []) }
        #expect(machine.transport == .polling)
        do { let got = machine.postSucceeded(); #expect(got == [.completeUpgrade, .webSocketText("4b"), .webSocketBinary([9])]) }
        #expect(machine.transport == .websocket)
        do { let got = try machine.send(.text("c")); #expect(got == [.webSocketText("4c")]) }
        do { let got = machine.getSucceeded(); #expect(got == []) }
    }

    @Test("upgrade with nothing in flight but the GET switches when the GET returns")
    func upgradeAfterGet() {
        var machine = pollingMachine()
        do { let got = machine.startProbe(); #expect(got) }
        do { let got = machine.probeSucceeded(); #expect(got == []) }
        do { let got = machine.getSucceeded(); #expect(got == [.completeUpgrade]) }
        #expect(machine.upgrade == .done)
    }

    @Test("a probe that fails while pausing resumes polling and flushes")
    func probeFails() throws {
        var machine = pollingMachine()
        do { let got = machine.startProbe(); #expect(got) }
        do { let got = machine.probeSucceeded(); #expect(got == []) }
        _ = try machine.send(.text("q"))
        do { let got = machine.getSucceeded(); #expect(got == [.completeUpgrade, .webSocketText("4q")]) }
        // Already switched: a WebSocket close now ends the session.
        do { let got = machine.webSocketClosed("reset"); #expect(got == [.close(.transportError)]) }

        var other = pollingMachine()
        do { let got = other.startProbe(); #expect(got) }
        do { let got = other.probeSucceeded(); #expect(got == []) }
        _ = try other.send(.text("q"))
        do { let got = other.webSocketClosed(nil); #expect(got == [.dropProbe, .startPost(Array("4q".utf8))]) }
        #expect(other.upgrade == .idle)
        do { let got = other.getSucceeded(); #expect(got == [.startGet]) }
    }

    @Test("a probe failing before 3probe keeps polling untouched")
    func probeFailsEarly() {
        var machine = pollingMachine()
        do { let got = machine.startProbe(); #expect(got) }
        do { let got = machine.probeFailed(); #expect(got == [.dropProbe]) }
        do { let got = machine.getSucceeded(); #expect(got == [.startGet]) }
    }

    @Test("WebSocket sessions write at once and close on the socket's end")
    func webSocket() throws {
        var machine = Machine(transport: .websocket, maxPayload: 100)
        do { let got = machine.opened(); #expect(got == [.resetHeartbeat]) }
        do { let got = machine.startProbe(); #expect(!got) }
        do { let got = try machine.send(.text("x")); #expect(got == [.webSocketText("4x")]) }
        do { let got = machine.received(.ping("")); #expect(got == [.resetHeartbeat, .webSocketText("3")]) }
        do { let got = machine.webSocketClosed(nil); #expect(got == [.close(.transportClose)]) }
    }

    @Test("request failures, parse errors and the ping deadline close with their reasons")
    func failures() {
        var a = pollingMachine()
        do { let got = a.requestFailed("boom"); #expect(got == [.close(.transportError)]) }
        var b = pollingMachine()
        do { let got = b.parseFailed("bad"); #expect(got == [.close(.parseError)]) }
        var c = pollingMachine()
        do { let got = c.heartbeatExpired(); #expect(got == [.close(.pingTimeout)]) }
        #expect(c.closeReason?.description == "ping timeout")
    }
}
