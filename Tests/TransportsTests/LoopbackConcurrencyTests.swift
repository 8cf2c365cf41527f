import NIOCore
import Testing

@testable import Transports

/// Many sessions at once on every event loop: each sees its own messages, in order, on both transports.
@Suite struct LoopbackConcurrencyTests {
    static let sessions = 12
    static let messages = 15

    @Test func concurrentWebSocketAndPollingSessionsEachGetTheirOwnEchoesInOrder() async throws {
        try await withEngine { engine in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<Self.sessions {
                    group.addTask {
                        let ws = try await engine.webSocket()
                        _ = try LoopbackEngine.openPacket(try await ws.nextText())
                        for index in 0..<Self.messages { try await ws.send(text: "4ws\(client)-\(index)") }
                        for index in 0..<Self.messages { #expect(try await ws.nextText() == "4ws\(client)-\(index)") }
                        try await ws.close()
                    }
                    group.addTask {
                        let sid = try await engine.handshake().sid
                        var expected: [String] = []
                        var received: [String] = []
                        for index in 0..<Self.messages {
                            let packet = "4poll\(client)-\(index)"
                            expected.append(packet)
                            #expect(try await engine.post(sid, packet).text == "ok")
                            if index % 4 == 3 { received += LoopbackEngine.packets(try await engine.get(sid).text) }
                        }
                        while received.count < expected.count {
                            received += LoopbackEngine.packets(try await engine.get(sid).text)
                        }
                        #expect(received == expected)
                        #expect(try await engine.post(sid, "1").text == "ok")
                    }
                }
                try await group.waitForAll()
            }
            try await eventually("every session to close") { engine.handler.closedCount == 2 * Self.sessions }
            #expect(engine.endpoint.clientsCount == 0)
        }
    }

    @Test func concurrentUpgradesEachLandOnTheirOwnSession() async throws {
        try await withEngine { engine in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<Self.sessions {
                    group.addTask {
                        let sid = try await engine.handshake().sid
                        let poll = try await engine.startGet(sid)
                        let ws = try await engine.webSocket(sid: sid)
                        try await ws.send(text: "2probe")
                        #expect(try await ws.nextText() == "3probe")
                        #expect(try await poll.reply().text == "6")
                        await poll.close()
                        try await ws.send(text: "5")
                        try await ws.send(text: "4up\(client)")
                        #expect(try await ws.nextText() == "4up\(client)")
                        #expect(engine.handler.received(sid) == [.text(ByteBuffer(string: "up\(client)"))])
                        try await ws.close()
                    }
                }
                try await group.waitForAll()
            }
            try await eventually("every session to close") { engine.handler.closedCount == Self.sessions }
        }
    }
}
