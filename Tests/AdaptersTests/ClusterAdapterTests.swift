import Adapters
import SIOParser
import SIOParserNIO
import Testing

/// N nodes on one bus, each a fake namespace with sockets "n<i>-a" (room "red") and "n<i>-b" (rooms "blue").
struct Cluster {
    let bus = InMemoryClusterBus()
    var nodes: [(adapter: ClusterAdapter, namespace: FakeNamespace)] = []

    static func make(
        _ count: Int, recovery: Duration? = nil, options: ClusterAdapterOptions = .init(), clock: ManualClock? = nil
    ) async throws -> Cluster {
        var cluster = Cluster()
        var now: @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
        if let clock { now = clock.now }
        for i in 0..<count {
            let namespace = FakeNamespace()
            let adapter = ClusterAdapter(
                configuration: AdapterConfiguration(namespace: namespace, maxDisconnectionDuration: recovery),
                backend: cluster.bus, options: options, now: now
            )
            namespace.adapter = adapter
            try await adapter.start()
            await namespace.connect("n\(i)-a", rooms: ["red"])
            await namespace.connect("n\(i)-b", rooms: ["blue"])
            cluster.nodes.append((adapter, namespace))
        }
        return cluster
    }

    /// Every node's targets of the deliveries of `event`.
    func targets(of event: String) -> [Set<SocketID>] {
        nodes.map { node in
            node.namespace.deliveries.filter { $0.json.hasPrefix(#"[""# + event + #"""#) }
                .reduce(into: Set<SocketID>()) { $0.formUnion($1.targets) }
        }
    }
}

@Suite struct ClusterAdapterTests {
    @Test func membershipCountsEveryNodeAndGoodbyes() async throws {
        let cluster = try await Cluster.make(3)
        for node in cluster.nodes { #expect(await node.adapter.serverCount() == 3) }
        await cluster.nodes[2].adapter.shutdown()
        #expect(await cluster.nodes[0].adapter.serverCount() == 2)
        #expect(await cluster.nodes[1].adapter.serverCount() == 2)
        #expect(cluster.bus.subscribedNodes.count == 2)
    }

    @Test func broadcastReachesMatchingSocketsOfEveryNode() async throws {
        let cluster = try await Cluster.make(3)
        await cluster.nodes[0].adapter.broadcast(makePacket("hi", 1), options: BroadcastOptions(rooms: ["red"]))
        #expect(cluster.targets(of: "hi") == [["n0-a"], ["n1-a"], ["n2-a"]])
        #expect(cluster.nodes.allSatisfy { $0.namespace.deliveries.last?.json == #"["hi",1]"# })

        await cluster.nodes[1].adapter.broadcast(makePacket("x"), options: BroadcastOptions(except: ["blue", "n2-a"]))
        #expect(cluster.targets(of: "x") == [["n0-a"], ["n1-a"], []])

        // A socket's own id works as a room (and as an except) across nodes.
        await cluster.nodes[0].adapter.broadcast(makePacket("dm"), options: BroadcastOptions(rooms: ["n2-b", "n1-a"]))
        #expect(cluster.targets(of: "dm") == [[], ["n1-a"], ["n2-b"]])
        await cluster.nodes[2].adapter.broadcast(
            makePacket("most"), options: BroadcastOptions(rooms: ["red", "blue"], except: ["n0-b", "n2-a"])
        )
        #expect(cluster.targets(of: "most") == [["n0-a"], ["n1-a", "n1-b"], ["n2-b"]])

        let flags = BroadcastFlags(volatile: true, compress: false, local: true)
        await cluster.nodes[0].adapter.broadcast(makePacket("local"), options: BroadcastOptions(flags: flags))
        #expect(cluster.targets(of: "local") == [["n0-a", "n0-b"], [], []])
        #expect(cluster.nodes[0].namespace.deliveries.last?.flags == flags)
    }

    @Test func broadcastFlagsAndBinaryTravel() async throws {
        let cluster = try await Cluster.make(2)
        let packet = BroadcastPacket(
            namespace: "/", arguments: SIOArguments([.string("bin"), .binary([1, 2, 3]), ["k": .binary([9])]]).encoded()
        )
        let flags = BroadcastFlags(volatile: true, compress: false, timeout: .milliseconds(1500))
        await cluster.nodes[0].adapter.broadcast(packet, options: BroadcastOptions(rooms: ["blue"], flags: flags))
        let delivery = try #require(cluster.nodes[1].namespace.deliveries.last)
        #expect(delivery.flags == flags)
        #expect(delivery.targets == ["n1-b"])
        #expect(delivery.json == packet.arguments.jsonString)
    }

    @Test func broadcastWithAckReportsOneCountPerNodeAndEveryAck() async throws {
        let cluster = try await Cluster.make(3)
        let counts = Recorder<Int>()
        let acks = Recorder<String>()
        await cluster.nodes[1].adapter.broadcastWithAck(
            makePacket("q"), options: BroadcastOptions(except: ["blue"]),
            onClientCount: { counts.append($0) }, onAck: { acks.append($0.value(at: 0)?.stringValue ?? "?") }
        )
        #expect(counts.values == [1, 1, 1])
        #expect(Set(acks.values) == ["n0-a", "n1-a", "n2-a"])
        #expect(acks.values.count == 3)

        let localCounts = Recorder<Int>()
        await cluster.nodes[0].adapter.broadcastWithAck(
            makePacket("q"), options: BroadcastOptions(flags: BroadcastFlags(local: true)),
            onClientCount: { localCounts.append($0) }, onAck: { _ in }
        )
        #expect(localCounts.values == [2])
    }

    @Test func lateAcksAreRelayedAfterTheCount() async throws {
        let cluster = try await Cluster.make(2)
        cluster.nodes[1].namespace.ackAnswer = nil  // node 1's clients answer later, by hand
        let pending = Recorder<@Sendable () -> Void>()
        let acks = Recorder<String>()
        let counts = Recorder<Int>()
        // Capture node 1's ack callbacks through a namespace that defers them.
        let deferring = DeferringAcks(pending)
        cluster.nodes[1].namespace.ackHook = deferring.hook
        await cluster.nodes[0].adapter.broadcastWithAck(
            makePacket("q"), options: BroadcastOptions(rooms: ["red"]),
            onClientCount: { counts.append($0) }, onAck: { acks.append($0.value(at: 0)?.stringValue ?? "?") }
        )
        #expect(counts.values.sorted() == [1, 1])
        #expect(acks.values == ["n0-a"])
        for answer in pending.values { answer() }
        try await eventually { acks.values.count == 2 }
        #expect(acks.values.last == "late n1-a")
    }

    @Test func fetchSocketsReturnsLocalAndRemoteDetails() async throws {
        let cluster = try await Cluster.make(3)
        let fetched = try await cluster.nodes[0].adapter.fetchSockets(BroadcastOptions(rooms: ["blue"]))
        #expect(Set(fetched.map(\.id)) == ["n0-b", "n1-b", "n2-b"])
        for socket in fetched {
            switch socket {
            case .local(let local): #expect(local.id == "n0-b")
            case .remote(let details):
                #expect(details.rooms == [details.id, "blue"])
                #expect(details.data == ["user": .string(details.id)])
                #expect(details.handshake == ["url": "/socket.io/"])
            }
        }
        let onlyLocal = try await cluster.nodes[0].adapter.fetchSockets(
            BroadcastOptions(flags: BroadcastFlags(local: true))
        )
        #expect(Set(onlyLocal.map(\.id)) == ["n0-a", "n0-b"])
    }

    @Test func fetchSocketsTimesOutWhenANodeNeverAnswers() async throws {
        let cluster = try await Cluster.make(3)
        cluster.bus.setPaused(true, node: cluster.nodes[2].adapter.nodeID)
        let options = BroadcastOptions(flags: BroadcastFlags(timeout: .milliseconds(100)))
        await #expect(throws: ClusterAdapterError.timeout) {
            try await cluster.nodes[0].adapter.fetchSockets(options)
        }
        cluster.bus.setPaused(false, node: cluster.nodes[2].adapter.nodeID)
        #expect(try await cluster.nodes[0].adapter.fetchSockets(options).count == 6)
    }

    @Test func joinLeaveAndDisconnectApplyOnEveryNode() async throws {
        let cluster = try await Cluster.make(3)
        await cluster.nodes[0].adapter.addSockets(BroadcastOptions(rooms: ["red"]), rooms: ["green"])
        for (i, node) in cluster.nodes.enumerated() {
            #expect(await node.adapter.sockets(in: ["green"]) == ["n\(i)-a"])
        }
        await cluster.nodes[1].adapter.deleteSockets(BroadcastOptions(except: ["n2-a"]), rooms: ["green", "blue"])
        #expect(await cluster.nodes[0].adapter.sockets(in: ["green", "blue"]) == [])
        #expect(await cluster.nodes[2].adapter.sockets(in: ["green", "blue"]) == ["n2-a"])  // n2-b left blue
        await cluster.nodes[2].adapter.disconnectSockets(BroadcastOptions(rooms: ["red"]), close: true)
        for (i, node) in cluster.nodes.enumerated() {
            #expect(node.namespace.socketIDs == ["n\(i)-b"])
            #expect(await node.adapter.sockets(in: []) == ["n\(i)-b"])
        }
        await cluster.nodes[0].adapter.disconnectSockets(
            BroadcastOptions(flags: BroadcastFlags(local: true)), close: false
        )
        #expect(cluster.nodes[0].namespace.socketIDs.isEmpty)
        #expect(cluster.nodes[1].namespace.socketIDs == ["n1-b"])
    }

    @Test func serverSideEmitReachesEveryOtherNode() async throws {
        let cluster = try await Cluster.make(3)
        let arguments = SIOArguments([.string("hello"), 42, .binary([7, 8])]).encoded()
        try await cluster.nodes[0].adapter.serverSideEmit(arguments)
        #expect(cluster.nodes[0].namespace.serverEvents.isEmpty)
        for node in cluster.nodes.dropFirst() {
            let event = try #require(node.namespace.serverEvents.first)
            #expect(event.0 == "hello")
            #expect(event.1 == [42, .binary([7, 8])])
        }
    }

    @Test func serverSideEmitWithAckCollectsOneAnswerPerOtherNode() async throws {
        let cluster = try await Cluster.make(3)
        let answers = try await cluster.nodes[1].adapter.serverSideEmitWithAck(
            SIOArguments([.string("ping")]).encoded(), timeout: .seconds(5)
        )
        #expect(answers.count == 2)
        #expect(answers.allSatisfy { $0.value(at: 0) == "ack from /" })
        let alone = try await Cluster.make(1)
        #expect(try await alone.nodes[0].adapter.serverSideEmitWithAck(SIOArguments([.string("p")]).encoded(), timeout: .seconds(1)).isEmpty)
    }

    @Test func serverSideEmitWithAckTimesOutWhenANodeNeverAnswers() async throws {
        let cluster = try await Cluster.make(3)
        cluster.nodes[2].namespace.serverAckAnswer = nil
        await #expect(throws: ClusterAdapterError.timeout) {
            try await cluster.nodes[0].adapter.serverSideEmitWithAck(
                SIOArguments([.string("ping")]).encoded(), timeout: .milliseconds(100)
            )
        }
    }

    @Test func aNodeLeavingCompletesTheRequestsWaitingForIt() async throws {
        let cluster = try await Cluster.make(3)
        cluster.nodes[2].namespace.serverAckAnswer = nil
        let adapter = cluster.nodes[0].adapter
        async let answers = adapter.serverSideEmitWithAck(SIOArguments([.string("p")]).encoded(), timeout: .seconds(30))
        try await eventually { cluster.nodes[2].namespace.serverEvents.count == 1 }
        await cluster.nodes[2].adapter.shutdown()
        #expect(try await answers.count == 1)
    }

    @Test func recoveryOffsetsAreSharedAcrossNodes() async throws {
        let cluster = try await Cluster.make(2, recovery: .seconds(60))
        await cluster.nodes[0].adapter.broadcast(makePacket("one"), options: BroadcastOptions())
        let json0 = try #require(cluster.nodes[0].namespace.deliveries.last?.json)
        let json1 = try #require(cluster.nodes[1].namespace.deliveries.last?.json)
        #expect(json0 == json1)
        let offset = try #require(SIOArguments.fromJSON(Array(json1.utf8)).last?.stringValue)
        await cluster.nodes[1].namespace.remove("n1-a")
        await cluster.nodes[1].adapter.persistSession(PersistedSession(id: "n1-a", pid: "p", rooms: ["red"], data: nil))
        await cluster.nodes[0].adapter.broadcast(makePacket("red"), options: BroadcastOptions(rooms: ["red"]))
        await cluster.nodes[0].adapter.broadcast(makePacket("blue"), options: BroadcastOptions(rooms: ["blue"]))
        let restored = try #require(await cluster.nodes[1].adapter.restoreSession(pid: "p", offset: offset))
        #expect(restored.missedPackets.map { SIOArguments.fromJSON($0.arguments.json).first } == ["red"])
    }
}

/// Makes node acks wait until the test releases them.
final class DeferringAcks: Sendable {
    let pending: Recorder<@Sendable () -> Void>
    init(_ pending: Recorder<@Sendable () -> Void>) { self.pending = pending }
    var hook: @Sendable (SocketID, @escaping @Sendable (SocketID, SIOArguments) -> Void) -> Void {
        { [pending] id, onAck in pending.append { onAck(id, SIOArguments([.string("late \(id)")])) } }
    }
}

/// Waits (polling, up to 20 s: a loaded CI machine can starve the nodes' tasks) until `condition` holds.
func eventually(_ condition: @Sendable () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(20)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within 20 s")
            return
        }
        try await Task.sleep(for: .milliseconds(2))
    }
}
