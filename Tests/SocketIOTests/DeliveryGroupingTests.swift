import Adapters
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing

/// `Namespace.deliver` groups its targets by event loop in one pass: targets alternating between loops, repeated,
/// or gone each get exactly what they should, in order.
struct DeliveryGroupingTests {
    @Test func alternatingLoopsRepeatsAndGoneTargets() async throws {
        let trio = try await Trio(count: 5)  // loops 0, 1, 0, 1, 0
        let ids = trio.sockets.map(\.id)
        let namespace = trio.sockets[0].namespace
        let targets = [ids[0], ids[1], "gone", ids[2], ids[3], ids[4], ids[1]]
        namespace.deliver(
            BroadcastPacket(namespace: "/", arguments: SIOArguments([.string("e"), .int(1)]).encoded()), to: targets,
            flags: BroadcastFlags())
        for (index, client) in trio.clients.enumerated() {
            #expect(try await client.receiveText() == #"42["e",1]"#, "client \(index)")
        }
        // Socket 1 was listed twice: it gets the message twice, as the adapter asked.
        #expect(try await trio.clients[1].receiveText() == #"42["e",1]"#)
        try await trio.expectDelivered([nil, nil, nil, nil, nil])
    }
}
