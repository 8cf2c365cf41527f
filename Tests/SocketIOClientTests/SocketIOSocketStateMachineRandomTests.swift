import NIOCore
import SIOParser
import SIOParserNIO
@testable import SocketIOClient
import Synchronization
import Testing

/// A small deterministic generator (SplitMix64), so a failing sequence can be replayed from its seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("SocketIOSocketStateMachine under random input sequences")
struct SocketIOSocketStateMachineRandomTests {
    /// Packets a server (hostile or not) may send to namespace `/n`, all valid at the codec level.
    static let serverPackets: [(text: String, attachments: [[UInt8]])] = [
        (#"0/n,{"sid":"a","pid":"p"}"#, []), (#"0/n,{"sid":"b"}"#, []), (#"0/n,{}"#, []), (#"0/n,"#, []),
        (#"4/n,{"message":"no"}"#, []), (#"4/n,"#, []), ("1/n,", []),
        (#"2/n,["e"]"#, []), (#"2/n,["e","off"]"#, []), (#"2/n,7["e",1]"#, []),
        ("51-/n,[\"b\",{\"_placeholder\":true,\"num\":0}]", [[1]]),
        ("3/n,0[]", []), ("3/n,1[\"x\"]", []), ("3/n,99[]", []),
        ("61-/n,2[{\"_placeholder\":true,\"num\":0}]", [[2]]),
    ]

    @Test("never traps; buffer, acks and state stay consistent", arguments: 0..<20)
    func randomSequences(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        var machine = SocketIOSocketStateMachine(namespace: "/n", auth: ["k": "v"], maxBuffered: 5)
        let outstanding = Mutex(0)
        var generation = 0
        var registered = 0
        var lastConnectSent: Int?
        for _ in 0..<400 {
            let before = machine.state
            var actions: [SocketIOSocketStateMachine.Action] = []
            switch Int.random(in: 0..<9, using: &random) {
            case 0: machine.connectRequested()
            case 1: actions = machine.disconnectRequested()
            case 2:
                generation += 1
                actions = machine.engineOpened(generation: generation)
            case 3: actions = machine.engineClosed(.transportClose, willReconnect: Bool.random(using: &random))
            case 4: actions = machine.engineOpenFailed("refused", willRetry: Bool.random(using: &random))
            case 5:
                _ = machine.registerAck { _ in outstanding.withLock { $0 -= 1 } }
                outstanding.withLock { $0 += 1 }
                registered += 1
            case 6:
                if let packet = try? machine.emit(outbound("2/n,[\"x\"]"), volatile: Bool.random(using: &random)) {
                    actions = packet
                }
            default:
                let pick = Self.serverPackets.randomElement(using: &random)!
                actions = machine.received(try packet(pick.text, attachments: pick.attachments))
            }
            for action in actions {
                switch action {
                case .ack(let callback, _): callback(.success(.empty))
                case .disconnected(_, let failed): for callback in failed { callback(.failure(.disconnected)) }
                case .send(let packet, let sentGeneration):
                    #expect(sentGeneration <= generation)
                    if packet.text.first == UInt8(ascii: "0") {
                        // One CONNECT per connection.
                        #expect(lastConnectSent != sentGeneration)
                        lastConnectSent = sentGeneration
                    }
                case .connected:
                    #expect(before == .connecting)
                case .connectFailed, .abandonConnect, .event, .leave:
                    break
                }
            }
            #expect(machine.buffer.count <= 5)
            #expect(machine.pendingAckCount == outstanding.withLock { $0 })
            if case .connected = machine.state { #expect(machine.buffer.isEmpty) }
        }
        #expect(registered > 0)
    }
}
