import NIOCore
import Testing
import WSFraming

@testable import Transports

/// Less common paths over loopback: keep-alive reuse, 100-continue, odd payloads, bad WebSocket input, closing
/// from `sessionOpened`.
@Suite struct LoopbackEdgeTests {
    @Test func oneKeepAliveConnectionCarriesHandshakePostAndGet() async throws {
        try await withEngine { engine in
            let client = try await RawClient.connect(port: engine.port)
            try await client.request("GET", engine.target())
            let handshake = try await client.reply()
            let sid = try #require(try LoopbackEngine.openPacket(handshake.text)["sid"] as? String)
            try await client.request("POST", engine.target(sid: sid), body: Array("4same conn".utf8))
            #expect(try await client.reply().text == "ok")
            try await client.request("GET", engine.target(sid: sid))
            #expect(try await client.reply().text == "4same conn")
            // A long poll on this connection, answered by a POST on another.
            try await client.request("GET", engine.target(sid: sid))
            #expect(try await engine.post(sid, "4later").text == "ok")
            #expect(try await client.reply().text == "4later")
            #expect(!client.isClosed)
            await client.close()
        }
    }

    @Test func postWithExpectContinueGets100ThenOk() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let client = try await RawClient.connect(port: engine.port)
            try await client.send(
                "POST \(engine.target(sid: sid)) HTTP/1.1\r\nHost: localhost\r\nContent-Length: 6\r\n"
                    + "Expect: 100-continue\r\n\r\n")
            try await eventually("the 100 Continue") { client.text.hasPrefix("HTTP/1.1 100 Continue\r\n\r\n") }
            _ = client.take("HTTP/1.1 100 Continue\r\n\r\n".utf8.count)
            try await client.send("4hello")
            #expect(try await client.reply().text == "ok")
            #expect(try await engine.get(sid).text == "4hello")
            await client.close()
        }
    }

    @Test func closePacketInsideAPayloadStopsIt() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            #expect(try await engine.post(sid, "4before\u{1e}1\u{1e}4after").text == "ok")
            #expect(try await engine.handler.waitClosed(sid) == .transportClose)
            #expect(engine.handler.received(sid) == [.text(ByteBuffer(string: "before"))])
        }
    }

    @Test func v3PayloadLengthsCountUTF16CodeUnits() async throws {
        try await withEngine(.loopback { $0.allowEIO3 = true }) { engine in
            let handshake = try await engine.http("GET", engine.target(eio: "3") + "&b64=1")
            let colon = try #require(handshake.text.firstIndex(of: ":"))
            let sid = try #require(
                try LoopbackEngine.openPacket(String(handshake.text[handshake.text.index(after: colon)...]))["sid"]
                    as? String)
            let target = engine.target(sid: sid, eio: "3") + "&b64=1"
            // "4😀é" is 4 UTF-16 code units (the emoji is a surrogate pair), as JavaScript counts string length.
            #expect(try await engine.http("POST", target, body: Array("4:4😀é".utf8)).text == "ok")
            #expect(engine.handler.received(sid) == [.text(ByteBuffer(string: "😀é"))])
            #expect(try await engine.http("GET", target).text == "4:4😀é")
        }
    }

    @Test func closingFromSessionOpenedSendsOpenThenClose() async throws {
        let handler = LoopbackHandler(onOpen: { $0.close() })
        try await withEngine(handler: handler) { engine in
            let (sid, _, _) = try await engine.handshake()
            let next = try await engine.get(sid)
            #expect(LoopbackEngine.packets(next.text).last == "1")
            #expect(try await engine.handler.waitClosed(sid) == .forcedClose)

            let ws = try await engine.webSocket()
            let wsSid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
            #expect(try await ws.closeFrame().code == .normalClosure)
            #expect(try await engine.handler.waitClosed(wsSid) == .forcedClose)
        }
    }

    @Test func webSocketTextThatIsNotEngineIOClosesWithParseError() async throws {
        try await withEngine { engine in
            let ws = try await engine.webSocket()
            let sid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
            try await ws.send(text: "9nonsense")
            #expect(try await engine.handler.waitClosed(sid) == .parseError)
            _ = try await ws.closeFrame()
        }
    }

    @Test func v4ClientPingIsAnInvalidHeartbeatDirection() async throws {
        try await withEngine { engine in
            let ws = try await engine.webSocket()
            let sid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
            try await ws.send(text: "2")
            #expect(try await engine.handler.waitClosed(sid) == .transportError)
        }
    }

    @Test func invalidUTF8InATextFrameFailsTheWebSocketWith1007() async throws {
        try await withEngine { engine in
            let ws = try await engine.webSocket()
            let sid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
            // A masked text frame "4" + 0xFF, built by hand (the client codec refuses to send it).
            let payload: [UInt8] = [0x34, 0xFF]
            let mask: [UInt8] = [1, 2, 3, 4]
            let frame: [UInt8] = [0x81, 0x80 | UInt8(payload.count)] + mask
                + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
            try await ws.raw.send(bytes: frame)
            #expect(try await ws.closeFrame().code == .invalidPayloadData)
            #expect(try await engine.handler.waitClosed(sid) == .transportError)
        }
    }

    @Test func messagesBeforeAndAfterTheUpgradeKeepTheirOrder() async throws {
        try await withEngine(handler: LoopbackHandler(echo: false)) { engine in
            let sid = try await engine.handshake().sid
            let session = try #require(engine.handler.session(sid))
            let ws = try await engine.webSocket(sid: sid)
            try await ws.send(text: "2probe")
            #expect(try await ws.nextText() == "3probe")
            try await session.eventLoop.submit {
                for index in 0..<5 { session.send(.text("m\(index)")) }
            }.get()
            try await ws.send(text: "5")
            try await eventually("the upgrade") { engine.handler.didUpgrade(sid) }
            try await session.eventLoop.submit {
                for index in 5..<10 { session.send(.text("m\(index)")) }
            }.get()
            for index in 0..<10 { #expect(try await ws.nextText() == "4m\(index)") }
            await ws.raw.close()
        }
    }
}
