import NIOCore
import SIOParser
import SIOParserNIO
@testable import SocketIOClient
import Synchronization
import Testing

/// Decodes one packet (plus attachments) as the manager would hand it to a socket.
func packet(_ text: String, attachments: [[UInt8]] = []) throws -> SIOPacket<ByteBufferView> {
    var decoder = SIOPacketDecoder<ByteBufferView>()
    var result = try decoder.receive(text: ByteBuffer(string: text).readableBytesView)
    for attachment in attachments {
        result = try decoder.receive(binary: ByteBuffer(bytes: attachment).readableBytesView)
    }
    return try #require(result.packet)
}

/// The text of every `.send` action, in order.
func sent(_ actions: [SocketIOSocketStateMachine.Action]) -> [String] {
    actions.compactMap { action in
        if case .send(let packet, _) = action { return packet.textString }
        return nil
    }
}

func outbound(_ text: String) -> SocketIOOutbound { SocketIOOutbound(text: Array(text.utf8)) }

@Suite("SocketIOSocketStateMachine (no network)")
struct SocketIOSocketStateMachineTests {
    @Test("connect: CONNECT with auth once per connection, then the buffer is flushed in order")
    func connectFlow() throws {
        var machine = SocketIOSocketStateMachine(namespace: "/chat", auth: ["token": "abc"], maxBuffered: 10)
        #expect(try machine.emit(outbound("2/chat,[\"a\"]"), volatile: false).isEmpty)
        #expect(try machine.emit(outbound("2/chat,[\"v\"]"), volatile: true).isEmpty)
        #expect(machine.engineOpened(generation: 1).isEmpty)  // not asked to connect yet
        machine.connectRequested()
        #expect(machine.isActive)
        #expect(sent(machine.engineOpened(generation: 1)) == [#"0/chat,{"token":"abc"}"#])
        #expect(machine.engineOpened(generation: 1).isEmpty)
        #expect(try machine.emit(outbound("2/chat,[\"b\"]"), volatile: false).isEmpty)
        // An event before the CONNECT answer waits for it, and is handed over before the connect event.
        #expect(machine.received(try packet(#"2/chat,["early",1]"#)).isEmpty)
        let actions = machine.received(try packet(#"0/chat,{"sid":"s1"}"#))
        guard case .event(let name, _, nil)? = actions.first else {
            Issue.record("the early event is not first: \(actions)")
            return
        }
        #expect(name == "early")
        guard case .connected(let id, let recovered)? = actions.last else {
            Issue.record("no connected action: \(actions)")
            return
        }
        #expect(id == "s1" && !recovered)
        #expect(sent(actions) == [#"2/chat,["a"]"#, #"2/chat,["b"]"#])
        #expect(machine.state == .connected(id: "s1"))
        #expect(sent(try machine.emit(outbound("2/chat,[\"c\"]"), volatile: true)) == [#"2/chat,["c"]"#])
        // A second CONNECT answer changes nothing.
        #expect(machine.received(try packet(#"0/chat,{"sid":"s2"}"#)).isEmpty)
    }

    @Test("CONNECT_ERROR: a final connectFailed with message and data; the socket goes inactive")
    func connectError() throws {
        var machine = SocketIOSocketStateMachine(namespace: "/", auth: nil, maxBuffered: 10)
        machine.connectRequested()
        #expect(sent(machine.engineOpened(generation: 3)) == ["0"])
        let actions = machine.received(try packet(#"4{"message":"no","data":{"code":1}}"#))
        guard case .connectFailed(let error, let final)? = actions.first else {
            Issue.record("no connectFailed: \(actions)")
            return
        }
        #expect(final && error == .connectError && error.message == "no" && error.data == ["code": 1])
        #expect(!machine.isActive)
        // A CONNECT answer without a sid is refused too (a v2 server).
        machine.connectRequested()
        _ = machine.engineOpened(generation: 4)
        guard case .connectFailed(let v2, true)? = machine.received(try packet("0{}")).first else {
            Issue.record("a sid-less CONNECT was accepted")
            return
        }
        #expect(v2 == .connectError)
    }

    @Test("recovery: pid and the last string argument of events go in the next CONNECT, auth keys win")
    func recoveryPayload() throws {
        var machine = SocketIOSocketStateMachine(namespace: "/", auth: ["token": "t", "offset": "mine"], maxBuffered: 10)
        machine.connectRequested()
        _ = machine.engineOpened(generation: 1)
        _ = machine.received(try packet(#"0{"sid":"a","pid":"P"}"#))
        _ = machine.received(try packet(#"2["news","x","o-1"]"#))
        _ = machine.received(try packet(#"2["news",1]"#))  // not a string: the offset stays
        #expect(machine.lastOffset == "o-1")
        var plain = SocketIOSocketStateMachine(namespace: "/", auth: nil, maxBuffered: 10)
        plain.connectRequested()
        _ = plain.engineOpened(generation: 1)
        _ = plain.received(try packet(#"0{"sid":"a"}"#))
        _ = plain.received(try packet(#"2["news","o-9"]"#))
        #expect(plain.lastOffset == nil)  // no pid, no offset tracking

        let closed = machine.engineClosed(.transportClose, willReconnect: true)
        guard case .disconnected(let reason, _)? = closed.first else {
            Issue.record("no disconnected action")
            return
        }
        #expect(reason == .transportClose)
        #expect(machine.state == .connecting)
        #expect(sent(machine.engineOpened(generation: 2)) == [#"0{"pid":"P","token":"t","offset":"mine"}"#])
        let actions = machine.received(try packet(#"0{"sid":"b","pid":"P"}"#))
        guard case .connected(_, let recovered)? = actions.first else {
            Issue.record("no connected action")
            return
        }
        #expect(recovered && machine.recovered)
        // The auth without an offset of its own carries the tracked one.
        machine.auth = nil
        _ = machine.received(try packet(#"2["news","o-2"]"#))
        _ = machine.engineClosed(.pingTimeout, willReconnect: true)
        #expect(sent(machine.engineOpened(generation: 3)) == [#"0{"pid":"P","offset":"o-2"}"#])
    }

    @Test("acks: answers reach their callback once; a disconnect fails the rest in id order")
    func acks() throws {
        var machine = SocketIOSocketStateMachine(namespace: "/", auth: nil, maxBuffered: 10)
        machine.connectRequested()
        _ = machine.engineOpened(generation: 1)
        _ = machine.received(try packet(#"0{"sid":"a"}"#))
        let results = Mutex<[String]>([])
        let first = machine.registerAck { result in results.withLock { $0.append("0:\(result)") } }
        let second = machine.registerAck { _ in results.withLock { $0.append("1") } }
        let third = machine.registerAck { _ in results.withLock { $0.append("2") } }
        #expect([first, second, third] == [0, 1, 2])
        let answer = machine.received(try packet("61-0[{\"_placeholder\":true,\"num\":0}]", attachments: [[1, 2]]))
        guard case .ack(let callback, let arguments)? = answer.first else {
            Issue.record("no ack action")
            return
        }
        #expect(try arguments.decode([UInt8].self, at: 0) == [1, 2])
        callback(.success(arguments))
        #expect(machine.received(try packet("30[]")).isEmpty)  // answered already
        #expect(machine.received(try packet("39[]")).isEmpty)  // unknown id
        #expect(machine.removeAck(second) != nil)
        #expect(machine.pendingAckCount == 1)
        let closed = machine.engineClosed(.transportError, willReconnect: false)
        guard case .disconnected(_, let failed)? = closed.first else {
            Issue.record("no disconnected action")
            return
        }
        #expect(failed.count == 1)
        for callback in failed { callback(.failure(.disconnected)) }
        #expect(results.withLock { $0.count } == 2)
        #expect(!machine.isActive)
    }

    @Test("disconnect: DISCONNECT when connected, nothing when never connected; server DISCONNECT leaves")
    func disconnect() throws {
        var machine = SocketIOSocketStateMachine(namespace: "/x", auth: nil, maxBuffered: 10)
        #expect(machine.disconnectRequested().isEmpty)
        machine.connectRequested()
        _ = machine.engineOpened(generation: 1)
        _ = try machine.emit(outbound("2/x,[1]"), volatile: false)
        let abandoned = machine.disconnectRequested()
        #expect(sent(abandoned).isEmpty)
        guard case .abandonConnect(let error)? = abandoned.first else {
            Issue.record("connect() callers are not told")
            return
        }
        #expect(error == .disconnected)
        #expect(machine.buffer.isEmpty)

        machine.connectRequested()
        _ = machine.engineOpened(generation: 2)
        _ = machine.received(try packet(#"0/x,{"sid":"a"}"#))
        let actions = machine.disconnectRequested()
        #expect(sent(actions) == ["1/x,"])
        #expect(actions.contains { if case .leave = $0 { true } else { false } })

        machine.connectRequested()
        _ = machine.engineOpened(generation: 3)
        _ = machine.received(try packet(#"0/x,{"sid":"b"}"#))
        let kicked = machine.received(try packet("1/x,"))
        guard case .disconnected(let reason, _)? = kicked.first else {
            Issue.record("no disconnected action")
            return
        }
        #expect(reason == .serverDisconnect && !reason.isRecoverable)
        #expect(!machine.isActive)
        // Events for an inactive socket are dropped.
        #expect(machine.received(try packet(#"2/x,["e"]"#)).isEmpty)
    }

    @Test("the emit buffer is bounded by maxBufferedEmits")
    func bufferBound() throws {
        var machine = SocketIOSocketStateMachine(namespace: "/", auth: nil, maxBuffered: 2)
        _ = try machine.emit(outbound("2[1]"), volatile: false)
        _ = try machine.emit(outbound("2[2]"), volatile: false)
        #expect(throws: SocketIOClientError.bufferFull) { try machine.emit(outbound("2[3]"), volatile: false) }
        #expect(machine.buffer.count == 2)
    }

    @Test("a connection that fails to open: retried quietly, or final and inactive")
    func openFailures() {
        var machine = SocketIOSocketStateMachine(namespace: "/", auth: nil, maxBuffered: 2)
        machine.connectRequested()
        guard case .connectFailed(let error, false)? = machine.engineOpenFailed("refused", willRetry: true).first else {
            Issue.record("no retryable connectFailed")
            return
        }
        #expect(error == .connectionFailed && machine.isActive)
        guard case .connectFailed(_, true)? = machine.engineOpenFailed("refused", willRetry: false).first else {
            Issue.record("no final connectFailed")
            return
        }
        #expect(!machine.isActive)
    }
}
