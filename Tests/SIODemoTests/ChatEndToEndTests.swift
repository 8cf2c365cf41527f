import EngineClient
import SIODemoKit
import SIOParser
import SIOParserNIO
import SocketIOClient
import SocketIOTesting
import Testing

/// The chat over a real port with `SocketIOTestClient`: what chatprotocol.md promises, as a client sees it.
@Suite struct ChatEndToEndTests {
    typealias Client = DemoOnline.Client

    @Test func twoUsersJoinAndBothGetOnline() async throws {
        try await ChatHarness.run { chat in
            let alice = try await chat.join("alice")
            let aliceID = try #require(alice.id)
            let first = try await alice.next("online", as: DemoOnline.self)
            #expect(first == DemoOnline.joined("alice", clients: [Client(id: aliceID, userId: "alice")]))
            #expect(first.action == "join")
            #expect(first.target == "participator")
            #expect(first.message == "User(alice) joined.")

            let bob = try await chat.join("bob")
            let bobID = try #require(bob.id)
            let both = [Client(id: aliceID, userId: "alice"), Client(id: bobID, userId: "bob")]
            let expected = DemoOnline.joined("bob", clients: both)
            #expect(try await alice.next("online", as: DemoOnline.self) == expected)
            #expect(try await bob.next("online", as: DemoOnline.self) == expected)
            #expect(expected.clients.map(\.userId) == ["alice", "bob"])

            // Someone in another room hears nothing of it, and is not listed.
            let carol = try await chat.join("carol", room: "lobby")
            let lobby = try await carol.next("online", as: DemoOnline.self)
            #expect(lobby.clients.map(\.userId) == ["carol"])
            await carol.close()
            await bob.close()
            await alice.close()
        }
    }

    @Test func disconnectTellsTheRoomWhoLeft() async throws {
        try await ChatHarness.run { chat in
            let alice = try await chat.join("alice")
            let aliceID = try #require(alice.id)
            _ = try await alice.next("online")
            let bob = try await chat.join("bob")
            _ = try await alice.next("online")
            await bob.close()
            let left = try await alice.next("online", as: DemoOnline.self)
            #expect(left == DemoOnline.left("bob", clients: [Client(id: aliceID, userId: "alice")]))
            #expect(left.action == "leave")
            #expect(left.message == "User(bob) left.")
            await alice.close()
        }
    }

    @Test func exchangeIsDeliveredInItsEnvelopeAndAcked() async throws {
        try await ChatHarness.run { chat in
            let alice = try await chat.join("alice")
            // Another room: an exchange reaches any connected socket of the namespace.
            let bob = try await chat.join("bob", room: "lobby")
            let aliceID = try #require(alice.id)
            let bobID = try #require(bob.id)
            let payload: JSONValue = .object(["sdp": .string("offer"), "n": .int(1)])
            let receipt = try await alice.sendWithAck(
                "exchange", DemoExchange(target: bobID, payload: payload), as: DemoExchangeReceipt.self)
            #expect(receipt == DemoExchangeReceipt(delivered: true, timestamp: ChatHarness.now))
            let envelope = try await bob.next("exchange", as: DemoExchangeEnvelope.self)
            #expect(
                envelope
                    == DemoExchangeEnvelope(payload: payload, client: aliceID, target: bobID, timestamp: ChatHarness.now))
            #expect(envelope.data.action == "exchange")
            // Exactly the protocol's shape on the wire.
            let raw = try #require(bob.received("exchange").first?.value(at: 0))
            #expect(raw["data"]?["action"] == .string("exchange"))
            #expect(raw["data"]?["payload"] == payload)
            #expect(raw["meta"]?["client"] == .string(aliceID))
            #expect(raw["meta"]?["target"] == .string(bobID))
            #expect(raw["meta"]?["timestamp"] == .int(ChatHarness.now))
            #expect(alice.received("exchange").isEmpty)
            await bob.close()
            await alice.close()
        }
    }

    @Test func exchangeErrorsAreAcked() async throws {
        try await ChatHarness.run { chat in
            let alice = try await chat.join("alice")
            let bob = try await chat.join("bob")
            let bobID = try #require(bob.id)
            func answer(_ request: DemoExchange) async throws -> JSONValue? {
                try await alice.sendWithAck("exchange", request).value(at: 0)
            }
            let unknown: JSONValue = .object(["error": .string("unknown target")])
            #expect(try await answer(DemoExchange(target: "no-such-socket", payload: .null)) == unknown)
            // A room name is not a target: it would reach the whole room.
            #expect(try await answer(DemoExchange(target: "demo", payload: .null)) == unknown)
            let big = JSONValue.string(String(repeating: "x", count: DemoExchange.maxPayloadBytes))
            #expect(
                try await answer(DemoExchange(target: bobID, payload: big))
                    == .object(["error": .string("payload too large")]))
            // Exactly at the limit it goes through ("x…x" with its quotes is 4096 bytes).
            let fits = JSONValue.string(String(repeating: "x", count: DemoExchange.maxPayloadBytes - 2))
            #expect(try await answer(DemoExchange(target: bobID, payload: fits))?["delivered"] == .bool(true))
            #expect(try await bob.next("exchange", as: DemoExchangeEnvelope.self).data.payload == fits)
            // Not an exchange request at all.
            let invalid = try await alice.sendWithAck("exchange", "nonsense").value(at: 0)
            #expect(invalid?["error"]?.stringValue?.hasPrefix("invalid argument 0") == true)
            await bob.close()
            await alice.close()
        }
    }

    @Test func chatGoesToTheSendersRoomOnly() async throws {
        try await ChatHarness.run { chat in
            let alice = try await chat.join("alice")
            let bob = try await chat.join("bob")
            let carol = try await chat.join("carol", room: "lobby")
            let aliceID = try #require(alice.id)
            let ack = try await alice.sendWithAck(
                "chat", DemoChatRequest(text: "  hello room \n"), as: DemoChatMessage.self)
            let expected = DemoChatMessage(id: aliceID, userId: "alice", text: "hello room", timestamp: ChatHarness.now)
            #expect(ack == expected)
            #expect(try await bob.next("chat", as: DemoChatMessage.self) == expected)
            #expect(try await alice.next("chat", as: DemoChatMessage.self) == expected)
            // Carol's own line reaches her; alice's never did.
            try await carol.send("chat", DemoChatRequest(text: "lobby only"))
            #expect(try await carol.next("chat", as: DemoChatMessage.self).text == "lobby only")
            #expect(carol.received("chat").count == 1)
            #expect(bob.received("chat").count == 1)
            await carol.close()
            await bob.close()
            await alice.close()
        }
    }

    @Test func chatTextIsChecked() async throws {
        try await ChatHarness.run { chat in
            let alice = try await chat.join("alice")
            let invalid: JSONValue = .object(["error": .string("invalid text")])
            for text in ["", "   \n\t", String(repeating: "é", count: DemoChatRequest.maxCharacters + 1)] {
                #expect(try await alice.sendWithAck("chat", DemoChatRequest(text: text)).value(at: 0) == invalid)
            }
            let longest = String(repeating: "é", count: DemoChatRequest.maxCharacters)
            let ack = try await alice.sendWithAck("chat", DemoChatRequest(text: longest), as: DemoChatMessage.self)
            #expect(ack.text == longest)
            #expect(try await alice.next("chat", as: DemoChatMessage.self).text == longest)
            #expect(alice.received("chat").count == 1)
            await alice.close()
        }
    }

    @Test func wrongRoomOrNoUserIsRefused() async throws {
        try await ChatHarness.run { chat in
            let wrongRoom = try #require(try await chat.refusal(chat.query(userId: "alice", room: "kitchen")))
            #expect(wrongRoom == .connectError)
            #expect(wrongRoom.message == "room not found")
            #expect(wrongRoom.data == .object(["room": .string("kitchen")]))
            let noRoom = try #require(try await chat.refusal(chat.query(userId: "alice", room: nil)))
            #expect(noRoom.message == "room not found")
            #expect(noRoom.data == .object(["room": .string("")]))
            let noUser = try #require(try await chat.refusal(chat.query(userId: nil, room: "demo")))
            #expect(noUser.message == "userId required")
            let emptyUser = try #require(try await chat.refusal(chat.query(userId: "", room: "demo")))
            #expect(emptyUser.message == "userId required")
            // Nobody was announced or left behind in the room.
            let alice = try await chat.join("alice")
            #expect(try await alice.next("online", as: DemoOnline.self).clients.map(\.userId) == ["alice"])
            await alice.close()
        }
    }

    @Test func badSignaturesAreRefusedWithTheirReason() async throws {
        try await ChatHarness.run { chat in
            func reason(_ query: [String: String]) async throws -> JSONValue? {
                let refusal = try #require(try await chat.refusal(query))
                #expect(refusal == .connectError)
                #expect(refusal.message == "signature rejected")
                return refusal.data
            }
            func expecting(_ reason: String) -> JSONValue { .object(["reason": .string(reason)]) }
            #expect(try await reason(chat.query(userId: "a", room: "demo", key: "wrong")) == expecting("bad signature"))
            #expect(try await reason(chat.query(userId: "a", room: "demo", app: "other")) == expecting("unknown app"))
            let skew = Int64(chat.server.settings.maxClockSkewSeconds) * 1000
            #expect(
                try await reason(chat.query(userId: "a", room: "demo", timestamp: ChatHarness.now - skew - 1))
                    == expecting("expired"))
            #expect(
                try await reason(chat.query(userId: "a", room: "demo", timestamp: ChatHarness.now + skew + 1))
                    == expecting("expired"))
            var unsigned = chat.query(userId: "a", room: "demo")
            unsigned["sign"] = nil
            #expect(try await reason(unsigned) == expecting("bad signature"))
            // The signature is checked before the room: a bad one does not reveal which rooms exist.
            #expect(try await reason(chat.query(userId: "a", room: "kitchen", key: "wrong")) == expecting("bad signature"))
            // At the edge of the allowed skew it is accepted.
            let edge = try await SocketIOTestClient.connect(
                port: chat.server.port, query: chat.query(userId: "a", room: "demo", timestamp: ChatHarness.now - skew))
            #expect(edge.id != nil)
            await edge.close()
        }
    }

    @Test func aPollingClientChatsWithAWebSocketClient() async throws {
        try await ChatHarness.run { chat in
            let alice = try await SocketIOTestClient.connect(
                port: chat.server.port, query: chat.query(userId: "alice", room: "demo"), transports: [.polling])
            let bob = try await chat.join("bob")
            let aliceID = try #require(alice.id)
            let bobID = try #require(bob.id)
            #expect(try await alice.next("online", as: DemoOnline.self).clients.map(\.userId) == ["alice"])
            #expect(try await alice.next("online", as: DemoOnline.self).clients.map(\.userId) == ["alice", "bob"])
            _ = try await bob.sendWithAck("chat", DemoChatRequest(text: "over websocket"))
            #expect(try await alice.next("chat", as: DemoChatMessage.self).text == "over websocket")
            let receipt = try await alice.sendWithAck(
                "exchange", DemoExchange(target: bobID, payload: .string("over polling")), as: DemoExchangeReceipt.self)
            #expect(receipt.delivered)
            let envelope = try await bob.next("exchange", as: DemoExchangeEnvelope.self)
            #expect(envelope.meta.client == aliceID)
            #expect(envelope.data.payload == .string("over polling"))
            await alice.close()
            // Bob's first `online` is his own join; the second is alice leaving.
            #expect(try await bob.next("online", as: DemoOnline.self).action == "join")
            #expect(
                try await bob.next("online", as: DemoOnline.self)
                    == DemoOnline.left("alice", clients: [Client(id: bobID, userId: "bob")]))
            await bob.close()
        }
    }
}
