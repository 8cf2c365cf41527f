import NIOConcurrencyHelpers
import SIOParser
import SIOParserNIO
import Testing

@testable import Adapters

@Suite struct ClusterMembershipTests {
    @Test func silentNodesAreForgottenAndRequestsStopWaitingForThem() async throws {
        let clock = ManualClock()
        let cluster = try await Cluster.make(3, options: ClusterAdapterOptions(heartbeatInterval: .seconds(3600)), clock: clock)
        let (first, second, third) = (cluster.nodes[0], cluster.nodes[1], cluster.nodes[2])
        third.namespace.serverAckAnswer = nil  // the third node hangs
        async let answers = first.adapter.serverSideEmitWithAck(SIOArguments([.string("p")]).encoded(), timeout: .seconds(30))
        try await eventually { third.namespace.serverEvents.count == 1 && first.adapter.emitRequests.count == 1 }
        clock.advance(.seconds(11))
        await second.adapter.broadcast(makePacket("alive"), options: BroadcastOptions())  // the second node speaks
        first.adapter.forgetSilentNodes()
        #expect(first.adapter.peers == [second.adapter.nodeID])
        #expect(await first.adapter.serverCount() == 2)
        #expect(try await answers.count == 1)
        // A forgotten node that speaks again is known again.
        await third.adapter.broadcast(makePacket("back"), options: BroadcastOptions())
        #expect(await first.adapter.serverCount() == 3)
    }

    @Test func heartbeatsFlowAndKeepNodesKnown() async throws {
        let clock = ManualClock()
        let options = ClusterAdapterOptions(heartbeatInterval: .milliseconds(10))
        let cluster = try await Cluster.make(3, options: options, clock: clock)
        let published = cluster.bus.publishedCount
        try await eventually { cluster.bus.publishedCount >= published + 9 }
        let (first, second, third) = (cluster.nodes[0], cluster.nodes[1], cluster.nodes[2])
        // The third node crashes: no goodbye, no more heartbeats.
        let beating = third.adapter.heartbeat.withLockedValue { $0 }
        beating?.cancel()
        // Wait for the loop to end: one last heartbeat sent after the clock moves would keep the node known.
        await beating?.value
        await cluster.bus.unsubscribe(node: third.adapter.nodeID)
        clock.advance(.seconds(11))
        try await eventually {
            first.adapter.peers == [second.adapter.nodeID] && second.adapter.peers == [first.adapter.nodeID]
        }
        await first.adapter.shutdown()
        await second.adapter.shutdown()
        #expect(cluster.bus.subscribedNodes.isEmpty)
    }
}

@Suite struct AdapterFactoryTests {
    @Test func factoriesMakeWorkingAdapters() async throws {
        let bus = InMemoryClusterBus()
        var adapters: [any SocketIOAdapter] = []
        for _ in 0..<3 {
            let namespace = FakeNamespace()
            let adapter = bus.adapterFactory()(AdapterConfiguration(namespace: namespace))
            namespace.adapter = adapter
            try await adapter.start()
            adapters.append(adapter)
        }
        #expect(adapters.allSatisfy { $0 is ClusterAdapter })
        for adapter in adapters { #expect(await adapter.serverCount() == 3) }

        let namespace = FakeNamespace()
        let single = InMemoryAdapter.factory()(AdapterConfiguration(namespace: namespace, maxDisconnectionDuration: .seconds(1)))
        namespace.adapter = single
        await namespace.connect("a")
        await single.broadcast(makePacket("x"), options: BroadcastOptions())
        #expect(single is SynchronousBroadcastAdapter)
        #expect(namespace.deliveries.first?.json.hasPrefix(#"["x",""#) == true)  // recovery on: an offset
    }
}
