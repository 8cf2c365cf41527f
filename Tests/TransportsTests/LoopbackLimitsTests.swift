import NIOCore
import Testing
import WSFraming

@testable import Transports

/// The limits and the origin check over loopback, through the real server and endpoint.
@Suite struct LoopbackLimitsTests {
    @Test func webSocketMessageOverMaxHttpBufferSizeClosesWith1009() async throws {
        try await withEngine(.loopback { $0.maxHttpBufferSize = 1_000 }) { engine in
            let ws = try await engine.webSocket()
            let sid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
            try await ws.send(text: "4" + String(repeating: "y", count: 999))
            #expect(try await ws.nextText().utf8.count == 1_000)
            try await ws.send(text: "4" + String(repeating: "y", count: 1_000))
            #expect(try await ws.closeFrame().code == .messageTooBig)
            try await ws.raw.waitClosed()
            #expect(try await engine.handler.waitClosed(sid) == .transportError)
            #expect(engine.handler.received(sid).count == 1)
        }
    }

    @Test func fragmentedWebSocketMessageOverMaxHttpBufferSizeClosesWith1009() async throws {
        try await withEngine(.loopback { $0.maxHttpBufferSize = 1_000 }) { engine in
            let ws = try await engine.webSocket()
            let sid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
            // Two masked fragments of 600 bytes: each fits, the message does not.
            func fragment(opcode: UInt8, fin: Bool) -> [UInt8] {
                let payload = [UInt8](repeating: UInt8(ascii: "4"), count: 600)
                let mask: [UInt8] = [9, 8, 7, 6]
                return [(fin ? 0x80 : 0) | opcode, 0x80 | 126, 0x02, 0x58] + mask
                    + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
            }
            try await ws.raw.send(bytes: fragment(opcode: 0x1, fin: false) + fragment(opcode: 0x0, fin: true))
            #expect(try await ws.closeFrame().code == .messageTooBig)
            #expect(try await engine.handler.waitClosed(sid) == .transportError)
            #expect(engine.handler.received(sid).isEmpty)
        }
    }

    @Test func pollingOnlyServerRefusesWebSocketsAndAdvertisesNoUpgrade() async throws {
        try await withEngine(.loopback { $0.transports = [.polling] }) { engine in
            let (sid, open, _) = try await engine.handshake()
            #expect(open["upgrades"] as? [String] == [])
            for target in [engine.target(transport: "websocket"), engine.target(transport: "websocket", sid: sid)] {
                let raw = try await RawClient.connect(port: engine.port)
                try await raw.send(WSTestClient.request(path: target))
                let reply = try await raw.reply()
                #expect(reply.status == 400)
                #expect(reply.text == "Transport unknown")
            }
            #expect(try await engine.post(sid, "4still").text == "ok")
        }
    }

    @Test func headerBytesAndCountLimitsGive431OnTheEnginePath() async throws {
        let options = EngineServerOptions.loopback {
            $0.connectionLimits.maxHeaderBytes = 2_048
            $0.connectionLimits.maxHeaderCount = 20
        }
        try await withEngine(options) { engine in
            let big = try await RawClient.connect(port: engine.port)
            try await big.request("GET", engine.target(), headers: ["X-Big: " + String(repeating: "a", count: 3_000)])
            try await big.waitClosed()
            #expect(big.text.hasPrefix("HTTP/1.1 431 "))
            let many = try await RawClient.connect(port: engine.port)
            try await many.request("GET", engine.target(), headers: (0..<25).map { "X-H\($0): v" })
            try await many.waitClosed()
            #expect(many.text.hasPrefix("HTTP/1.1 431 "))
            #expect(engine.handler.opened.isEmpty)
            // Within both limits the handshake is served.
            _ = try await engine.handshake(headers: (0..<10).map { "X-H\($0): v" })
        }
    }

    @Test func maxSessionsRefusesHandshakesWith503UntilASessionCloses() async throws {
        try await withEngine(.loopback { $0.connectionLimits.maxSessions = 1 }) { engine in
            let sid = try await engine.handshake().sid
            let polling = try await engine.http("GET", engine.target())
            #expect(polling.status == 503)
            #expect(polling.text == #"{"code":3,"message":"Server full"}"#)
            let raw = try await RawClient.connect(port: engine.port)
            try await raw.send(WSTestClient.request(path: engine.target(transport: "websocket")))
            let ws = try await raw.reply()
            #expect(ws.status == 503)
            #expect(ws.text == "Server full")
            try await raw.waitClosed()
            #expect(engine.handler.opened == [sid])
            // A session that ends frees its place.
            #expect(try await engine.post(sid, "1").text == "ok")
            _ = try await engine.handler.waitClosed(sid)
            _ = try await engine.handshake()
        }
    }

    // MARK: Origin

    @Test func defaultPolicyServesNoOriginAndSameOriginAndRefusesAForeignHandshake() async throws {
        try await withEngine { engine in
            _ = try await engine.handshake()
            let same = try await engine.handshake(headers: [
                "Host: localhost:\(engine.port)", "Origin: http://localhost:\(engine.port)",
            ])
            // Same-origin needs no CORS headers.
            #expect(same.reply.header("access-control-allow-origin") == nil)
            let foreign = try await engine.http("GET", engine.target(), headers: ["Origin: http://evil.example"])
            LoopbackErrorTests.expectRefusal(foreign, status: 403, code: 4, message: "Forbidden")
            #expect(foreign.header("access-control-allow-origin") == nil)
            let otherPort = try await engine.http(
                "GET", engine.target(),
                headers: ["Host: localhost:\(engine.port)", "Origin: http://localhost:\(engine.port + 1)"])
            #expect(otherPort.status == 403)
            #expect(engine.handler.opened.count == 2)
        }
    }

    @Test func foreignOriginIsRefusedOnSidBearingPollsAndTheSessionStays() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let get = try await engine.get(sid, headers: ["Origin: http://evil.example"])
            LoopbackErrorTests.expectRefusal(get, status: 403, code: 4, message: "Forbidden")
            let post = try await engine.post(sid, "4stolen", headers: ["Origin: http://evil.example"])
            LoopbackErrorTests.expectRefusal(post, status: 403, code: 4, message: "Forbidden")
            #expect(engine.handler.received(sid).isEmpty)
            // The refusal touched nothing: the owner carries on.
            #expect(try await engine.post(sid, "4mine", headers: ["Origin: http://localhost"]).text == "ok")
            #expect(try await engine.get(sid).text == "4mine")
            #expect(engine.handler.closeReason(sid) == nil)
        }
    }

    @Test func foreignOriginIsRefusedOnTheUpgradeAndOnAWebSocketHandshake() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            for target in [engine.target(transport: "websocket", sid: sid), engine.target(transport: "websocket")] {
                let raw = try await RawClient.connect(port: engine.port)
                try await raw.send(WSTestClient.request(path: target, extra: ["Origin: http://evil.example"]))
                let reply = try await raw.reply()
                #expect(reply.status == 400)
                #expect(reply.text == "Forbidden")
                try await raw.waitClosed()
            }
            #expect(engine.handler.opened == [sid])
            // Same-origin upgrades go through.
            let ws = try await engine.webSocket(sid: sid, extra: ["Origin: http://localhost"])
            try await ws.send(text: "2probe")
            #expect(try await ws.nextText() == "3probe")
            try await ws.send(text: "5")
            try await eventually("the upgrade") { engine.handler.didUpgrade(sid) }
            await ws.raw.close()
        }
    }

    @Test func anOriginListOpensExactlyThoseOrigins() async throws {
        let listed = "https://app.example"
        let options = EngineServerOptions.loopback { $0.cors = EngineCORS(origins: .list([listed])) }
        try await withEngine(options) { engine in
            let (sid, _, reply) = try await engine.handshake(headers: ["Origin: \(listed)"])
            #expect(reply.header("access-control-allow-origin") == listed)
            let post = try await engine.post(sid, "4from app", headers: ["Origin: \(listed)"])
            #expect(post.text == "ok")
            #expect(post.header("access-control-allow-origin") == listed)
            let get = try await engine.get(sid, headers: ["Origin: \(listed)"])
            #expect(get.text == "4from app")
            #expect(get.header("access-control-allow-origin") == listed)
            // Others stay out, same-origin and no Origin stay in.
            let other = try await engine.http("GET", engine.target(), headers: ["Origin: https://other.example"])
            #expect(other.status == 403)
            _ = try await engine.handshake(headers: ["Origin: http://localhost"])
            _ = try await engine.handshake()
            // The listed origin may use WebSockets too.
            let ws = try await engine.webSocket(extra: ["Origin: \(listed)"])
            #expect(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] is String)
            await ws.raw.close()
        }
    }

    @Test func anyOriginWithCredentialsEchoesTheOriginEverywhere() async throws {
        let options = EngineServerOptions.loopback { $0.cors = EngineCORS(origins: .any, credentials: true) }
        try await withEngine(options) { engine in
            let origin = "https://anywhere.example"
            let (sid, _, reply) = try await engine.handshake(headers: ["Origin: \(origin)"])
            #expect(reply.header("access-control-allow-origin") == origin)
            #expect(reply.header("access-control-allow-credentials") == "true")
            let post = try await engine.post(sid, "4x", headers: ["Origin: https://other.example"])
            #expect(post.text == "ok")
            #expect(post.header("access-control-allow-origin") == "https://other.example")
            let ws = try await engine.webSocket(sid: sid, extra: ["Origin: https://third.example"])
            try await ws.send(text: "2probe")
            #expect(try await ws.nextText() == "3probe")
            await ws.raw.close()
        }
    }

    @Test func originPredicateDecidesPerRequest() async throws {
        let options = EngineServerOptions.loopback {
            $0.cors = EngineCORS(origins: .predicate { $0.hasSuffix(".trusted.example") })
        }
        try await withEngine(options) { engine in
            let sid = try await engine.handshake(headers: ["Origin: https://a.trusted.example"]).sid
            #expect(try await engine.post(sid, "4x", headers: ["Origin: https://b.trusted.example"]).text == "ok")
            let refused = try await engine.get(sid, headers: ["Origin: https://trusted.example.evil"])
            LoopbackErrorTests.expectRefusal(refused, status: 403, code: 4, message: "Forbidden")
            #expect(engine.handler.closeReason(sid) == nil)
        }
    }

    @Test func preflightIsAnsweredForAnAllowedOriginOnly() async throws {
        let listed = "https://app.example"
        let options = EngineServerOptions.loopback { $0.cors = EngineCORS(origins: .list([listed])) }
        try await withEngine(options) { engine in
            let allowed = try await engine.http(
                "OPTIONS", engine.target(),
                headers: ["Origin: \(listed)", "Access-Control-Request-Method: POST"])
            #expect(allowed.status == 204)
            #expect(allowed.header("access-control-allow-origin") == listed)
            #expect(allowed.header("access-control-allow-methods") == "GET,POST")
            let denied = try await engine.http(
                "OPTIONS", engine.target(), headers: ["Origin: https://evil.example", "Access-Control-Request-Method: POST"])
            #expect(denied.status == 403)
        }
    }
}
