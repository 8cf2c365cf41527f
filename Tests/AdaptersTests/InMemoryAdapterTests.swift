import Adapters
import SIOParser
import SIOParserNIO
import Testing

@Suite struct InMemoryAdapterTests {
    /// a, b in "r1"; b, c in "r2"; d in no room.
    func populated() async -> (InMemoryAdapter, FakeNamespace) {
        let (adapter, namespace) = makeAdapter()
        await namespace.connect("a", rooms: ["r1"])
        await namespace.connect("b", rooms: ["r1", "r2"])
        await namespace.connect("c", rooms: ["r2"])
        await namespace.connect("d")
        return (adapter, namespace)
    }

    func targets(_ rooms: Set<Room>, except: Set<Room> = []) async -> Set<SocketID> {
        let (adapter, namespace) = await populated()
        await adapter.broadcast(makePacket("e"), options: BroadcastOptions(rooms: rooms, except: except))
        return namespace.deliveries.last?.targets ?? []
    }

    @Test(arguments: [
        ([], [], ["a", "b", "c", "d"]),
        (["r1"], [], ["a", "b"]),
        (["r1", "r2"], [], ["a", "b", "c"]),
        (["r1", "r2"], ["r1"], ["c"]),
        ([], ["r2"], ["a", "d"]),
        (["d"], [], ["d"]),
        (["d", "r1"], [], ["a", "b", "d"]),
        ([], ["a", "d"], ["b", "c"]),
        (["r2"], ["b"], ["c"]),
        (["nope"], [], []),
        ([], ["nope"], ["a", "b", "c", "d"]),
        (["r1"], ["r1"], []),
    ] as [(Set<Room>, Set<Room>, Set<SocketID>)])
    func broadcastSelectsRoomsMinusExcept(rooms: Set<Room>, except: Set<Room>, expected: Set<SocketID>) async {
        #expect(await targets(rooms, except: except) == expected)
    }

    @Test func broadcastDeliversOnceWithFlagsAndNoOffsetWithoutRecovery() async {
        let (adapter, namespace) = await populated()
        let flags = BroadcastFlags(volatile: true, compress: false)
        adapter.broadcastNow(makePacket("hello", 1), options: BroadcastOptions(rooms: ["r1", "r2"], flags: flags))
        let delivery = try! #require(namespace.deliveries.first)
        #expect(namespace.deliveries.count == 1)
        #expect(delivery.json == #"["hello",1]"#)
        #expect(delivery.flags == flags)
        #expect(!delivery.withAck)
    }

    @Test func roomsOfAndSocketsIn() async {
        let (adapter, _) = await populated()
        #expect(await adapter.rooms(of: "b") == ["b", "r1", "r2"])
        #expect(await adapter.rooms(of: "d") == ["d"])
        #expect(await adapter.rooms(of: "zz") == nil)
        #expect(await adapter.sockets(in: []) == ["a", "b", "c", "d"])
        #expect(await adapter.sockets(in: ["r2", "a"]) == ["a", "b", "c"])
        #expect(await adapter.sockets(in: ["nope"]) == [])
    }

    @Test func deleteAndDeleteAllLeaveNoEmptyRooms() async {
        let (adapter, namespace) = await populated()
        #expect(adapter.counts.rooms == 2)
        await adapter.delete("a", room: "r1")
        await adapter.delete("a", room: "r1")  // twice: no effect
        await adapter.delete("zz", room: "r1")  // unknown socket: no effect
        #expect(await adapter.rooms(of: "a") == ["a"])
        #expect(await adapter.sockets(in: ["r1"]) == ["b"])
        await namespace.remove("b")
        #expect(adapter.counts.rooms == 1)
        #expect(await adapter.sockets(in: ["r1"]) == [])
        #expect(await adapter.sockets(in: ["r2"]) == ["c"])
        await adapter.delete("c", room: "r2")
        #expect(adapter.counts.rooms == 0)
        await namespace.remove("a")
        await namespace.remove("c")
        await namespace.remove("d")
        #expect(adapter.counts == (0, 0))
        #expect(await adapter.sockets(in: []) == [])
    }

    @Test func ownIDRoomIsImpliedAndNotStored() async {
        let (adapter, namespace) = makeAdapter()
        await namespace.connect("x")
        await adapter.addAll("x", rooms: ["x"])
        #expect(adapter.counts.rooms == 0)
        #expect(await adapter.rooms(of: "x") == ["x"])
        // Another socket may join a room named after a socket id: both are in it.
        await namespace.connect("y", rooms: ["x"])
        #expect(await adapter.sockets(in: ["x"]) == ["x", "y"])
        await adapter.broadcast(makePacket("e"), options: BroadcastOptions(rooms: ["x"]))
        #expect(namespace.deliveries.last?.targets == ["x", "y"])
    }

    @Test func tenThousandIdleSocketsStoreNoRoomsAndNoSets() async {
        let (adapter, namespace) = makeAdapter()
        for i in 0..<10_000 { await adapter.addAll("socket-\(i)", rooms: ["socket-\(i)"]) }
        #expect(adapter.counts == (0, 10_000))
        #expect(adapter.storedRoomCapacity == 0)
        await adapter.addAll("socket-1", rooms: ["lobby"])
        await adapter.delete("socket-1", room: "lobby")
        #expect(adapter.storedRoomCapacity == 0)
        #expect(await adapter.sockets(in: []).count == 10_000)
        #expect(await adapter.sockets(in: ["socket-7", "lobby"]) == ["socket-7"])
        for i in 0..<10_000 { await adapter.deleteAll("socket-\(i)") }
        #expect(adapter.counts == (0, 0))
        adapter.broadcastNow(makePacket("e"), options: BroadcastOptions())
        #expect(namespace.deliveries.isEmpty)  // no socket matched: the namespace is not called
    }

    @Test func broadcastWithAckReportsCountThenAcks() async {
        let (adapter, namespace) = await populated()
        let counts = Recorder<Int>()
        let acks = Recorder<String>()
        await adapter.broadcastWithAck(
            makePacket("q"), options: BroadcastOptions(rooms: ["r2"]),
            onClientCount: { counts.append($0) },
            onAck: { acks.append($0.value(at: 0)?.stringValue ?? "?") }
        )
        #expect(counts.values == [2])
        #expect(Set(acks.values) == ["b", "c"])
        #expect(namespace.deliveries.last?.withAck == true)
        namespace.ackAnswer = nil
        let count = adapter.broadcastWithAckNow(makePacket("q"), options: BroadcastOptions(except: ["d"])) { _ in
            acks.append("late")
        }
        #expect(count == 3)
        #expect(acks.values.count == 2)
    }

    @Test func fetchSocketsReturnsLocalSockets() async throws {
        let (adapter, _) = await populated()
        let fetched = try await adapter.fetchSockets(BroadcastOptions(rooms: ["r1"], except: ["a"]))
        #expect(fetched.map(\.id) == ["b"])
        guard case .local(let socket)? = fetched.first else {
            Issue.record("expected a local socket")
            return
        }
        #expect(socket.id == "b")
        #expect(try await adapter.fetchSockets(BroadcastOptions()).count == 4)
    }

    @Test func addAndDeleteSocketsGoThroughTheSockets() async {
        let (adapter, _) = await populated()
        await adapter.addSockets(BroadcastOptions(rooms: ["r1"]), rooms: ["new", "other"])
        #expect(await adapter.sockets(in: ["new"]) == ["a", "b"])
        await adapter.deleteSockets(BroadcastOptions(except: ["a"]), rooms: ["new", "r2"])
        #expect(await adapter.sockets(in: ["new"]) == ["a"])
        #expect(await adapter.sockets(in: ["r2"]) == [])
        #expect(await adapter.rooms(of: "b") == ["b", "r1", "other"])
    }

    @Test func disconnectSocketsDisconnectsOnlyMatching() async {
        let (adapter, namespace) = await populated()
        let a = namespace.socket("a")
        let c = namespace.socket("c")
        await adapter.disconnectSockets(BroadcastOptions(rooms: ["r1"], except: ["b"]), close: true)
        #expect(a?.disconnectedWithClose == true)
        #expect(c?.disconnectedWithClose == nil)
        #expect(namespace.socketIDs == ["b", "c", "d"])
        await adapter.disconnectSockets(BroadcastOptions(), close: false)
        #expect(c?.disconnectedWithClose == false)
        #expect(namespace.socketIDs.isEmpty)
        #expect(adapter.counts == (0, 0))
    }

    @Test func singleNodeServerSideEmitReachesNobody() async throws {
        let (adapter, namespace) = await populated()
        try await adapter.serverSideEmit(SIOArguments([.string("ping")]).encoded())
        #expect(try await adapter.serverSideEmitWithAck(SIOArguments([.string("ping")]).encoded(), timeout: .seconds(1)).isEmpty)
        #expect(namespace.serverEvents.isEmpty)
        #expect(await adapter.serverCount() == 1)
    }
}

extension FetchedSocket {
    var id: SocketID {
        switch self {
        case .local(let socket): socket.id
        case .remote(let details): details.id
        }
    }
}
