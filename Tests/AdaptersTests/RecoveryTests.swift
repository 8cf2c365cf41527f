import Adapters
import SIOParser
import SIOParserNIO
import Testing

@Suite struct RecoveryTests {
    /// The offset a delivered packet ends with.
    func lastOffset(_ namespace: FakeNamespace) throws -> String {
        let json = try #require(namespace.deliveries.last?.json)
        let document = try JSONDocument(parsing: Array(json.utf8)[...])
        let elements = Array(document.root.elements)
        return try #require(elements.last?.stringValue)
    }

    func session(_ id: SocketID = "s1", rooms: Set<Room> = ["s1", "r1"]) -> PersistedSession {
        PersistedSession(id: id, pid: "pid-\(id)", rooms: rooms, data: ["n": 1])
    }

    @Test func broadcastGetsUniqueOffsetsAppendedAsLastArgument() async throws {
        let (adapter, namespace) = makeAdapter(recovery: .seconds(120))
        await namespace.connect("a")
        var offsets: Set<String> = []
        for i in 0..<50 {
            await adapter.broadcast(makePacket("tick", .int(Int64(i))), options: BroadcastOptions())
            let json = try #require(namespace.deliveries.last?.json)
            #expect(json.hasPrefix(#"["tick",\#(i),""#))
            offsets.insert(try lastOffset(namespace))
        }
        #expect(offsets.count == 50)
        // An event with no arguments still gets one.
        await adapter.broadcast(makePacket("bare"), options: BroadcastOptions())
        #expect(namespace.deliveries.last?.json.hasPrefix(#"["bare",""#) == true)
        // Another adapter's offsets differ (random prefix).
        let (other, otherNamespace) = makeAdapter(recovery: .seconds(120))
        await otherNamespace.connect("w")
        await other.broadcast(makePacket("tick"), options: BroadcastOptions())
        #expect(!offsets.contains(try lastOffset(otherNamespace)))
    }

    @Test func noOffsetWithoutRecoveryForVolatileOrWithAck() async throws {
        let (plain, plainNamespace) = makeAdapter()
        await plainNamespace.connect("w")
        await plain.broadcast(makePacket("x", 1), options: BroadcastOptions())
        #expect(plainNamespace.deliveries.last?.json == #"["x",1]"#)

        let (adapter, namespace) = makeAdapter(recovery: .seconds(60))
        await namespace.connect("a")
        await adapter.broadcast(makePacket("x", 1), options: BroadcastOptions(flags: BroadcastFlags(volatile: true)))
        #expect(namespace.deliveries.last?.json == #"["x",1]"#)
        _ = adapter.broadcastWithAckNow(makePacket("y"), options: BroadcastOptions()) { _ in }
        #expect(namespace.deliveries.last?.json == #"["y"]"#)
        #expect(adapter.storedPacketCount == 0)
    }

    @Test func restoreReturnsMissedPacketsFilteredByRooms() async throws {
        let (adapter, namespace) = makeAdapter(recovery: .seconds(60))
        await namespace.connect("s1", rooms: ["r1"])
        await adapter.broadcast(makePacket("seen"), options: BroadcastOptions())
        let offset = try lastOffset(namespace)
        await namespace.remove("s1")
        await adapter.persistSession(session())
        let sends: [(String, BroadcastOptions)] = [
            ("all", BroadcastOptions()),
            ("r1", BroadcastOptions(rooms: ["r1"])),
            ("r2", BroadcastOptions(rooms: ["r2"])),
            ("r1-except-r1", BroadcastOptions(rooms: ["r1"], except: ["r1"])),
            ("all-except-r2", BroadcastOptions(except: ["r2"])),
            ("all-except-me", BroadcastOptions(except: ["s1"])),
            ("to-me", BroadcastOptions(rooms: ["s1"])),
            ("volatile", BroadcastOptions(flags: BroadcastFlags(volatile: true))),
            ("r2-or-r1", BroadcastOptions(rooms: ["r2", "r1"])),
        ]
        for (name, options) in sends { await adapter.broadcast(makePacket(name), options: options) }
        let restored = try #require(await adapter.restoreSession(pid: "pid-s1", offset: offset))
        #expect(restored.session.id == "s1")
        #expect(restored.session.data == ["n": 1])
        let names = restored.missedPackets.map { packet in
            SIOArguments.fromJSON(packet.arguments.json).first?.stringValue ?? "?"
        }
        #expect(names == ["all", "r1", "all-except-r2", "to-me", "r2-or-r1"])
        // Each missed packet ends with its own offset.
        #expect(restored.missedPackets.allSatisfy { SIOArguments.fromJSON($0.arguments.json).count == 2 })
        // The session is gone after a successful restore.
        #expect(await adapter.restoreSession(pid: "pid-s1", offset: offset) == nil)
    }

    @Test func ownIDImpliedInSessionRooms() async throws {
        let (adapter, namespace) = makeAdapter(recovery: .seconds(60))
        await namespace.connect("w")
        await adapter.broadcast(makePacket("first"), options: BroadcastOptions())
        let offset = try lastOffset(namespace)
        await adapter.persistSession(session("s2", rooms: []))
        await adapter.broadcast(makePacket("direct"), options: BroadcastOptions(rooms: ["s2"]))
        let restored = try #require(await adapter.restoreSession(pid: "pid-s2", offset: offset))
        #expect(restored.missedPackets.count == 1)
    }

    @Test func unknownSessionOrOffsetGivesNil() async throws {
        let (adapter, namespace) = makeAdapter(recovery: .seconds(60))
        await namespace.connect("w")
        await adapter.broadcast(makePacket("a"), options: BroadcastOptions())
        let offset = try lastOffset(namespace)
        await adapter.persistSession(session())
        #expect(await adapter.restoreSession(pid: "pid-unknown", offset: offset) == nil)
        #expect(await adapter.restoreSession(pid: "pid-s1", offset: "not-an-offset") == nil)
        #expect(await adapter.restoreSession(pid: "pid-s1", offset: String(repeating: "z", count: 10_000)) == nil)
        // A failed restore with a bad offset keeps the session for a retry.
        #expect(await adapter.restoreSession(pid: "pid-s1", offset: offset)?.missedPackets.count == 0)
        // Recovery off: nothing kept.
        let (plain, _) = makeAdapter()
        await plain.persistSession(session())
        #expect(await plain.restoreSession(pid: "pid-s1", offset: offset) == nil)
    }

    @Test func expiredSessionAndPurgedPackets() async throws {
        let clock = ManualClock()
        let (adapter, namespace) = makeAdapter(recovery: .seconds(10), clock: clock)
        await namespace.connect("w")
        await adapter.broadcast(makePacket("old"), options: BroadcastOptions())
        let oldOffset = try lastOffset(namespace)
        clock.advance(.seconds(6))
        await adapter.broadcast(makePacket("newer"), options: BroadcastOptions())
        let newerOffset = try lastOffset(namespace)
        await adapter.persistSession(session())
        #expect(adapter.storedPacketCount == 2)
        clock.advance(.seconds(5))  // "old" is 11 s old: purged at the next broadcast
        await adapter.broadcast(makePacket("latest"), options: BroadcastOptions(flags: BroadcastFlags(volatile: true)))
        #expect(adapter.storedPacketCount == 1)
        #expect(await adapter.restoreSession(pid: "pid-s1", offset: oldOffset) == nil)
        clock.advance(.seconds(5))  // the session is 10 s old: still valid (expires strictly after)
        let restored = try #require(await adapter.restoreSession(pid: "pid-s1", offset: newerOffset))
        #expect(restored.missedPackets.isEmpty)
        await adapter.persistSession(session())
        clock.advance(.seconds(11))
        #expect(await adapter.restoreSession(pid: "pid-s1", offset: newerOffset) == nil)
        #expect(adapter.storedPacketCount == 0)
        #expect(adapter.persistedSessionCount == 0)
    }

    @Test func capsDropTheOldest() async throws {
        let options = InMemoryAdapterOptions(maxStoredPackets: 3, maxPersistedSessions: 2)
        let (adapter, namespace) = makeAdapter(recovery: .seconds(60), options: options)
        await namespace.connect("w")
        var offsets: [String] = []
        for i in 0..<5 {
            await adapter.broadcast(makePacket("p", .int(Int64(i))), options: BroadcastOptions())
            offsets.append(try lastOffset(namespace))
        }
        #expect(adapter.storedPacketCount == 3)
        for id in ["s1", "s2", "s3"] { await adapter.persistSession(session(id)) }
        #expect(adapter.persistedSessionCount == 2)
        #expect(await adapter.restoreSession(pid: "pid-s1", offset: offsets[4]) == nil)  // dropped
        #expect(await adapter.restoreSession(pid: "pid-s2", offset: offsets[1]) == nil)  // packet dropped
        let restored = try #require(await adapter.restoreSession(pid: "pid-s2", offset: offsets[2]))
        #expect(restored.missedPackets.count == 2)
    }
}

extension SIOArguments {
    /// Values of a JSON array (test helper).
    static func fromJSON(_ json: [UInt8]) -> [JSONValue] {
        guard let document = try? JSONDocument(parsing: json[...]), case .array(let values) = document.root.decodedValue()
        else { return [] }
        return values
    }
}
