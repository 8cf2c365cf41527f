import Adapters
import SIOParser
import Testing

@Suite struct ConcurrencyTests {
    /// Many tasks join, leave, broadcast, persist and restore at once; each task owns its sockets, so what each
    /// socket's rooms must be is known exactly, and everything must be gone once every socket disconnects.
    @Test func manyTasksJoiningLeavingAndBroadcasting() async throws {
        let (adapter, namespace) = makeAdapter(recovery: .seconds(60))
        let tasks = 8
        let socketsPerTask = 20
        let rounds = 300
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<tasks {
                group.addTask {
                    var generator = SplitMix(seed: UInt64(t))
                    var expected: [SocketID: Set<Room>] = [:]
                    for s in 0..<socketsPerTask {
                        let id = "t\(t)-s\(s)"
                        await namespace.connect(id)
                        expected[id] = [id]
                    }
                    for round in 0..<rounds {
                        let id = "t\(t)-s\(Int(generator.next() % UInt64(socketsPerTask)))"
                        let room = "room\(generator.next() % 5)"
                        switch generator.next() % 4 {
                        case 0:
                            await adapter.addAll(id, rooms: [room])
                            expected[id, default: [id]].insert(room)
                        case 1:
                            await adapter.delete(id, room: room)
                            expected[id]?.remove(room)
                        case 2:
                            await adapter.broadcast(makePacket("m", .int(Int64(round))), options: BroadcastOptions(rooms: [room]))
                        default:
                            _ = adapter.broadcastWithAckNow(makePacket("a"), options: BroadcastOptions(except: [room])) { _ in }
                            await adapter.persistSession(PersistedSession(id: id, pid: "p-\(id)", rooms: [], data: nil))
                            _ = await adapter.restoreSession(pid: "p-\(id)", offset: "unknown")
                        }
                    }
                    for (id, rooms) in expected {
                        let actual = await adapter.rooms(of: id)
                        #expect(actual == rooms)
                    }
                    for id in expected.keys { await namespace.remove(id) }
                }
            }
            try await group.waitForAll()
        }
        #expect(adapter.counts == (0, 0))
        #expect(namespace.socketIDs.isEmpty)
        #expect(adapter.storedPacketCount > 0)
        #expect(adapter.persistedSessionCount <= tasks * socketsPerTask)  // one per pid at most
    }

    /// The adapter never calls the namespace while holding its lock: the namespace re-enters the adapter (which takes
    /// the same non-recursive lock) from every call. Were the lock held, the test would deadlock, so it has a limit.
    @Test(.timeLimit(.minutes(1))) func namespaceCallsHappenOutsideTheLock() async throws {
        let (adapter, namespace) = makeAdapter(recovery: .seconds(60))
        let reentries = Recorder<Int>()
        namespace.reentry = {
            adapter.addAllNow("re-entered", rooms: ["r"])
            reentries.append(adapter.counts.sockets)
        }
        await namespace.connect("a", rooms: ["r"])
        adapter.broadcastNow(makePacket("e"), options: BroadcastOptions(rooms: ["r"]))
        _ = adapter.broadcastWithAckNow(makePacket("e"), options: BroadcastOptions()) { _ in }
        _ = try await adapter.fetchSockets(BroadcastOptions())
        await adapter.addSockets(BroadcastOptions(rooms: ["r"]), rooms: ["s"])
        await adapter.disconnectSockets(BroadcastOptions(rooms: ["s"]), close: false)
        #expect(reentries.values.count >= 6)
        #expect(await adapter.sockets(in: ["r"]) == ["re-entered"])
    }

    /// Broadcasts from every node of a cluster at once all arrive, each exactly once per target.
    @Test func concurrentClusterBroadcasts() async throws {
        let cluster = try await Cluster.make(3)
        let perNode = 50
        await withTaskGroup(of: Void.self) { group in
            for (n, node) in cluster.nodes.enumerated() {
                group.addTask {
                    for i in 0..<perNode {
                        await node.adapter.broadcast(makePacket("c\(n)-\(i)"), options: BroadcastOptions(rooms: ["red"]))
                    }
                }
            }
        }
        for (n, node) in cluster.nodes.enumerated() {
            let deliveries = node.namespace.deliveries
            #expect(deliveries.count == 3 * perNode)
            #expect(Set(deliveries.map(\.json)).count == 3 * perNode)
            #expect(deliveries.allSatisfy { $0.targets == ["n\(n)-a"] })
        }
    }
}

/// A small deterministic generator, so a failure can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
