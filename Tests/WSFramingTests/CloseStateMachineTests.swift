import NIOCore
import Testing

@testable import WSFraming

@Suite struct CloseStateMachineTests {
    @Test func serverAnswersAPeerCloseAndDropsTheTransport() {
        var machine = WSCloseStateMachine(role: .server)
        let actions = machine.receivedClose(WSClosePayload(code: .goingAway, reason: "tab closed"))
        #expect(actions == [.sendClose(WSClosePayload(code: .goingAway)), .closeTransport])
        #expect(machine.state == .closed)
        #expect(machine.receivedClose(WSClosePayload(code: .normalClosure)).isEmpty)
        #expect(machine.close(WSClosePayload(code: .normalClosure)).isEmpty)
    }

    @Test func clientAnswersAndWaitsForTheServerToDropTCP() {
        var machine = WSCloseStateMachine(role: .client, timeout: .seconds(1))
        #expect(machine.receivedClose(WSClosePayload(code: nil)) == [.sendClose(WSClosePayload(code: nil)), .startTimer(.seconds(1))])
        #expect(machine.closeTimerFired() == [.closeTransport])
    }

    @Test func localCloseWaitsForThePeerOrTheTimer() {
        var machine = WSCloseStateMachine(role: .server, timeout: .milliseconds(250))
        let payload = WSClosePayload(code: .normalClosure, reason: "done")
        #expect(machine.close(payload) == [.sendClose(payload), .startTimer(.milliseconds(250))])
        #expect(machine.state == .closeSent(payload))
        #expect(!machine.canSendData)
        #expect(machine.close(payload).isEmpty)
        var answered = machine
        #expect(answered.receivedClose(WSClosePayload(code: .normalClosure)) == [.closeTransport])
        #expect(machine.closeTimerFired() == [.closeTransport])
        #expect(machine.state == .closed)
    }

    @Test func failingSendsTheErrorsCode() {
        for (error, code) in [(WSError.protocolError, 1002), (.invalidPayloadData, 1007), (.messageTooBig, 1009),
                              (.internalError, 1011), (.policyViolation, 1008)] as [(WSError, UInt16)] {
            var machine = WSCloseStateMachine(role: .server)
            let actions = machine.fail(error.with(detail: String(repeating: "é", count: 100)))
            guard case .sendClose(let payload) = actions.first else {
                Issue.record("no close frame")
                continue
            }
            #expect(payload.code?.rawValue == code)
            #expect(payload.encoded.readableBytes <= 125)
            #expect(actions.last == .closeTransport)
            #expect(machine.fail(error).isEmpty)
        }
        var closing = WSCloseStateMachine(role: .client)
        _ = closing.close(WSClosePayload(code: .normalClosure))
        #expect(closing.fail(.protocolError) == [.closeTransport])
    }

    @Test func closeCodeTable() {
        let valid = Set([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011] + Array(3000...4999))
        for raw in 0...UInt16.max {
            #expect(WSCloseCode(rawValue: raw).isValidOnWire == valid.contains(Int(raw)))
        }
    }

    @Test func closePayloadParsing() throws {
        #expect(try WSClosePayload(parsing: buffer([])) == WSClosePayload(code: nil))
        #expect(try WSClosePayload(parsing: buffer([0x03, 0xE8] + Array("ok".utf8))) == WSClosePayload(code: .normalClosure, reason: "ok"))
        #expect(throws: WSError.protocolError) { try WSClosePayload(parsing: buffer([0x03])) }
        #expect(throws: WSError.protocolError) { try WSClosePayload(parsing: buffer([0x03, 0xED])) }
        #expect(throws: WSError.invalidPayloadData) { try WSClosePayload(parsing: buffer([0x03, 0xE8, 0xC0, 0xAF])) }
        #expect(hexString(WSClosePayload(code: .internalError, reason: "x").encoded.readableBytesView) == "03f378")
        #expect(WSClosePayload(code: nil, reason: "dropped").encoded.readableBytes == 0)
    }

    @Test func errorsCarryContext() {
        let error = WSError.messageTooBig.with(detail: "frame of 2000000 bytes", offset: 12)
        #expect(error == .messageTooBig)
        #expect(error != .protocolError)
        #expect(error.offset == 12)
        #expect(error.description == "WSError(message too big at 12: frame of 2000000 bytes)")
        #expect(error.closeCode == .messageTooBig)
    }
}
