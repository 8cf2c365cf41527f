import NIOCore
import NIOHTTP1
import Synchronization
import Testing

@testable import Transports

/// Every refusal over loopback: the reference's codes 0–5 with their status and exact JSON body, 413, overlapping
/// and aborted requests.
@Suite struct LoopbackErrorTests {
    /// Expects `reply` to be the refusal `{"code":code,"message":message}` with `status`.
    static func expectRefusal(
        _ reply: HTTPReply, status: Int, code: Int, message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(reply.status == status, sourceLocation: sourceLocation)
        #expect(reply.text == "{\"code\":\(code),\"message\":\"\(message)\"}", sourceLocation: sourceLocation)
        #expect(reply.header("content-type") == "application/json", sourceLocation: sourceLocation)
    }

    @Test func code0TransportUnknown() async throws {
        try await withEngine { engine in
            let unknown = try await engine.http("GET", "\(engine.path)?EIO=4&transport=carrier-pigeon")
            Self.expectRefusal(unknown, status: 400, code: 0, message: "Transport unknown")
            let missing = try await engine.http("GET", "\(engine.path)?EIO=4")
            Self.expectRefusal(missing, status: 400, code: 0, message: "Transport unknown")
        }
    }

    @Test func code0ForADisabledTransport() async throws {
        try await withEngine(.loopback { $0.transports = [.websocket] }) { engine in
            let reply = try await engine.http("GET", engine.target())
            Self.expectRefusal(reply, status: 400, code: 0, message: "Transport unknown")
        }
    }

    @Test func code1SessionIDUnknown() async throws {
        try await withEngine { engine in
            Self.expectRefusal(try await engine.get("nosuchsession"), status: 400, code: 1, message: "Session ID unknown")
            Self.expectRefusal(
                try await engine.post("nosuchsession", "4x"), status: 400, code: 1, message: "Session ID unknown")
        }
    }

    @Test func code2BadHandshakeMethod() async throws {
        try await withEngine { engine in
            let reply = try await engine.http("POST", engine.target(), body: Array("4x".utf8))
            Self.expectRefusal(reply, status: 400, code: 2, message: "Bad handshake method")
            #expect(engine.endpoint.clientsCount == 0)
        }
    }

    @Test func code3BadRequestForAWebSocketHandshakeOverPlainHTTP() async throws {
        try await withEngine { engine in
            let reply = try await engine.http("GET", engine.target(transport: "websocket"))
            Self.expectRefusal(reply, status: 400, code: 3, message: "Bad request")
        }
    }

    @Test func code4ForbiddenByAllowRequest() async throws {
        let errors = Mutex<[Int]>([])
        let options = EngineServerOptions.loopback {
            $0.allowRequest = { head in
                if head.headers.first(name: "x-token") == "bad" { throw EngineRequestRejection("go away") }
                if head.headers.first(name: "x-token") != "good" { throw CancellationError() }
            }
            $0.onConnectionError = { error in errors.withLock { $0.append(error.error.code) } }
        }
        try await withEngine(options) { engine in
            let custom = try await engine.http("GET", engine.target(), headers: ["X-Token: bad"])
            Self.expectRefusal(custom, status: 403, code: 4, message: "go away")
            let plain = try await engine.http("GET", engine.target())
            Self.expectRefusal(plain, status: 403, code: 4, message: "Forbidden")
            #expect(try await engine.handshake(headers: ["X-Token: good"]).sid.count == EngineSessionID.defaultLength)
            #expect(errors.withLock { $0 } == [4, 4])
            #expect(engine.endpoint.clientsCount == 1)
        }
    }

    @Test func code5UnsupportedProtocolVersion() async throws {
        try await withEngine { engine in
            for eio in ["5", "3", "abc"] {
                let reply = try await engine.http("GET", engine.target(eio: eio))
                Self.expectRefusal(reply, status: 400, code: 5, message: "Unsupported protocol version")
            }
            let missing = try await engine.http("GET", "\(engine.path)?transport=polling")
            Self.expectRefusal(missing, status: 400, code: 5, message: "Unsupported protocol version")
        }
    }

    @Test func eio3IsServedWhenAllowed() async throws {
        try await withEngine(.loopback { $0.allowEIO3 = true }) { engine in
            let reply = try await engine.http("GET", engine.target(eio: "3"))
            #expect(reply.status == 200)
            // v3 text payload: `<length>:<packet>`.
            let colon = try #require(reply.text.firstIndex(of: ":"))
            #expect(Int(reply.text[..<colon]) == reply.text.utf8.count - reply.text[...colon].utf8.count)
            #expect(reply.text[reply.text.index(after: colon)...].hasPrefix("0{\"sid\":"))
        }
    }

    @Test func postOverMaxHttpBufferSizeGets413AndTheSessionStays() async throws {
        try await withEngine(.loopback { $0.maxHttpBufferSize = 1_000 }) { engine in
            let sid = try await engine.handshake().sid
            let big = try await engine.post(sid, "4" + String(repeating: "x", count: 2_000))
            #expect(big.status == 413)
            #expect(engine.handler.received(sid).isEmpty)
            #expect(try await engine.post(sid, "4fits").text == "ok")
            #expect(try await engine.get(sid).text == "4fits")
            #expect(engine.handler.closeReason(sid) == nil)
        }
    }

    @Test func postOfExactlyMaxHttpBufferSizeIsAccepted() async throws {
        try await withEngine(.loopback { $0.maxHttpBufferSize = 1_000 }) { engine in
            let sid = try await engine.handshake().sid
            let exact = "4" + String(repeating: "x", count: 999)
            #expect(try await engine.post(sid, exact).text == "ok")
            #expect(try await engine.post(sid, exact + "x").status == 413)
            #expect(try await engine.get(sid).text == exact)
        }
    }

    /// WebSocket refusals are the reference's `abortUpgrade`: 400 and the message as text, then the connection ends.
    @Test func webSocketHandshakeRefusalsCarryTheMessage() async throws {
        try await withEngine(.loopback { $0.allowRequest = { _ in throw EngineRequestRejection("no sockets") } }) {
            engine in
            let cases: [(String, String)] = [
                ("\(engine.path)?EIO=5&transport=websocket", "Unsupported protocol version"),
                ("\(engine.path)?EIO=4&transport=smoke-signal", "Transport unknown"),
                ("\(engine.path)?EIO=4&transport=polling", "Bad request"),
                ("\(engine.path)?EIO=4&transport=websocket&sid=unknown", "Session ID unknown"),
                (engine.target(transport: "websocket"), "no sockets"),
            ]
            for (target, message) in cases {
                let raw = try await RawClient.connect(port: engine.port)
                try await raw.send(WSTestClient.request(path: target))
                let reply = try await raw.reply()
                #expect(reply.status == 400, "\(target)")
                #expect(reply.text == message, "\(target)")
                try await raw.waitClosed()
            }
            #expect(engine.handler.opened.isEmpty)
        }
    }

    @Test func pollingWithTheSidOfAWebSocketSessionIsATransportMismatch() async throws {
        try await withEngine { engine in
            let ws = try await engine.webSocket()
            let sid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
            Self.expectRefusal(try await engine.get(sid), status: 400, code: 3, message: "Bad request")
            Self.expectRefusal(try await engine.post(sid, "4x"), status: 400, code: 3, message: "Bad request")
            // The WebSocket session is untouched.
            try await ws.send(text: "4ok")
            #expect(try await ws.nextText() == "4ok")
            #expect(engine.handler.closeReason(sid) == nil)
            await ws.raw.close()
        }
    }

    @Test func otherMethodsOnASessionGet500AndLeaveItOpen() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            #expect(try await engine.http("PUT", engine.target(sid: sid), body: Array("4x".utf8)).status == 500)
            #expect(try await engine.post(sid, "4fine").text == "ok")
            #expect(engine.handler.closeReason(sid) == nil)
        }
    }

    @Test func overlappingGetsGet400AndCloseTheSession() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let first = try await engine.startGet(sid)
            try await engine.waitForPendingGet(sid)
            let second = try await engine.get(sid)
            #expect(second.status == 400)
            #expect(try await engine.handler.waitClosed(sid) == .transportError)
            // The first GET gets the close packet.
            let closing = try await first.reply()
            #expect(closing.status == 200)
            #expect(LoopbackEngine.packets(closing.text).last == "1")
            await first.close()
            Self.expectRefusal(try await engine.get(sid), status: 400, code: 1, message: "Session ID unknown")
        }
    }

    @Test func overlappingPostsGet400AndCloseTheSession() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            // A POST whose body has not all arrived holds the POST slot.
            let slow = try await RawClient.connect(port: engine.port)
            try await slow.send("POST \(engine.target(sid: sid)) HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n4ab")
            // The slot is taken once the server starts reading that body; retry a second POST until it overlaps.
            var overlapped = false
            for _ in 0..<400 where !overlapped {
                let reply = try await engine.post(sid, "4second")
                if reply.status == 400 {
                    overlapped = true
                } else {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            #expect(overlapped)
            #expect(try await engine.handler.waitClosed(sid) == .transportError)
            await slow.close()
        }
    }

    @Test func abortedGetClosesTheSessionWithTransportError() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let poll = try await engine.startGet(sid)
            try await engine.waitForPendingGet(sid)
            await poll.close()
            #expect(try await engine.handler.waitClosed(sid) == .transportError)
            #expect(engine.endpoint.session(id: sid) == nil)
        }
    }

    @Test func abortedPostClosesTheSessionWithTransportError() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let client = try await RawClient.connect(port: engine.port)
            try await client.send("POST \(engine.target(sid: sid)) HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n4ab")
            await client.close()
            #expect(try await engine.handler.waitClosed(sid) == .transportError)
        }
    }

    @Test func payloadThatIsNotEngineIOGets400AndClosesWithParseError() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let reply = try await engine.post(sid, "9garbage")
            #expect(reply.status == 400)
            #expect(try await engine.handler.waitClosed(sid) == .parseError)
        }
    }

    @Test func binaryContentTypeOnAV4PostClosesTheSession() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let reply = try await engine.post(sid, "4x", headers: ["Content-Type: application/octet-stream"])
            #expect(reply.status == 400)
            #expect(try await engine.handler.waitClosed(sid) == .transportError)
        }
    }
}
