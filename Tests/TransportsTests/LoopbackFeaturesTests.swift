import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import WSFraming

@testable import Transports

/// Options that shape what the client sees, over loopback: cookie, initial packet, header hooks, generateId, path
/// rules, permessage-deflate, Engine.IO v3.
@Suite struct LoopbackFeaturesTests {
    @Test func cookieIsSetOnTheHandshakeOnly() async throws {
        try await withEngine(.loopback { $0.cookie = EngineCookie() }) { engine in
            let (sid, _, reply) = try await engine.handshake()
            #expect(reply.header("set-cookie") == "io=\(sid); Path=/; HttpOnly; SameSite=Lax")
            #expect(try await engine.post(sid, "4x").header("set-cookie") == nil)
            #expect(try await engine.get(sid).header("set-cookie") == nil)
        }
    }

    @Test func cookieWithAnInvalidNameIsNotSent() async throws {
        var cookie = EngineCookie()
        cookie.name = "bad name"
        try await withEngine(.loopback { $0.cookie = cookie }) { engine in
            let reply = try await engine.handshake().reply
            #expect(reply.header("set-cookie") == nil)
        }
    }

    @Test func initialPacketFollowsTheOpenPacketInTheFirstPayload() async throws {
        try await withEngine(.loopback { $0.initialPacket = .text("welcome") }) { engine in
            let reply = try await engine.handshake().reply
            let packets = LoopbackEngine.packets(reply.text)
            #expect(packets.count == 2)
            #expect(packets.last == "4welcome")
            let ws = try await engine.webSocket()
            _ = try LoopbackEngine.openPacket(try await ws.nextText())
            #expect(try await ws.nextText() == "4welcome")
            await ws.raw.close()
        }
    }

    @Test func headerHooksDecorateHandshakesAndEveryResponse() async throws {
        let options = EngineServerOptions.loopback {
            $0.initialHeaders = { headers, _ in headers.add(name: "X-Initial", value: "1") }
            $0.headers = { headers, request in headers.add(name: "X-Every", value: request.method.rawValue) }
        }
        try await withEngine(options) { engine in
            let (sid, _, reply) = try await engine.handshake()
            #expect(reply.header("x-initial") == "1")
            #expect(reply.header("x-every") == "GET")
            let post = try await engine.post(sid, "4x")
            #expect(post.header("x-initial") == nil)
            #expect(post.header("x-every") == "POST")
            #expect(try await engine.get(sid).header("x-every") == "GET")
            let ws = try await engine.webSocket()
            let head = ws.responseHead.lowercased()
            #expect(head.contains("\r\nx-initial: 1\r\n"))
            #expect(head.contains("\r\nx-every: get\r\n"))
            let probe = try await engine.webSocket(sid: sid)
            #expect(!probe.responseHead.lowercased().contains("x-initial"))
            #expect(probe.responseHead.lowercased().contains("\r\nx-every: get\r\n"))
            await ws.raw.close()
            await probe.raw.close()
        }
    }

    @Test func asyncGenerateIdNamesTheSession() async throws {
        let counter = Mutex(0)
        let options = EngineServerOptions.loopback {
            $0.generateId = { _ in
                try await Task.sleep(for: .milliseconds(1))
                return "custom-\(counter.withLock { $0 += 1; return $0 })"
            }
        }
        try await withEngine(options) { engine in
            #expect(try await engine.handshake().sid == "custom-1")
            let ws = try await engine.webSocket()
            #expect(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String == "custom-2")
            #expect(try await engine.post("custom-1", "4named").text == "ok")
            #expect(try await engine.get("custom-1").text == "4named")
            await ws.raw.close()
        }
    }

    @Test func pathWithoutTrailingSlashAndEverythingElseGoesToTheFallback() async throws {
        let options = EngineServerOptions.loopback {
            $0.path = "/engine.io"
            $0.addTrailingSlash = false
        }
        let handler = LoopbackHandler()
        let server = EngineServer(options: options, handler: handler, fallback: EchoFallback())
        let port = try #require(try await server.start().port)
        let endpoint = try #require(server.service as? EngineEndpoint)
        let engine = LoopbackEngine(server: server, endpoint: endpoint, handler: handler, port: port)
        let bare = try await engine.http("GET", "/engine.io?EIO=4&transport=polling")
        #expect(bare.status == 200)
        #expect(bare.text.hasPrefix("0{"))
        let slash = try await engine.http("GET", "/engine.io/?EIO=4&transport=polling")
        #expect(slash.status == 200)
        let other = try await engine.http("GET", "/engine.iox?EIO=4&transport=polling")
        #expect(other.text == "fallback GET /engine.iox?EIO=4&transport=polling ")
        let page = try await engine.http("GET", "/index.html")
        #expect(page.header("x-fallback") == "1")
        #expect(handler.opened.count == 2)
        await server.shutdown()
    }

    @Test func permessageDeflateCompressesWebSocketMessagesWhenOffered() async throws {
        let options = EngineServerOptions.loopback { $0.perMessageDeflate = EnginePerMessageDeflate(threshold: 0) }
        try await withEngine(options) { engine in
            let ws = try await engine.webSocket(extra: ["Sec-WebSocket-Extensions: permessage-deflate"])
            #expect(ws.responseHead.lowercased().contains("sec-websocket-extensions: permessage-deflate"))
            _ = try LoopbackEngine.openPacket(try await ws.nextText())
            let text = "4" + String(repeating: "deflate me ", count: 1_000)
            try await ws.send(text: text)
            #expect(try await ws.nextText() == text)
            let bytes = (0..<3_000).map { UInt8($0 % 7) }
            try await ws.send(binary: bytes)
            #expect(Array(try await ws.message().payload.readableBytesView) == bytes)
            await ws.raw.close()
        }
    }

    @Test func upgradeToACompressedWebSocketFlushesTheQueueCompressed() async throws {
        let options = EngineServerOptions.loopback { $0.perMessageDeflate = EnginePerMessageDeflate(threshold: 0) }
        try await withEngine(options) { engine in
            let sid = try await engine.handshake().sid
            let ws = try await engine.webSocket(sid: sid, extra: ["Sec-WebSocket-Extensions: permessage-deflate"])
            #expect(ws.responseHead.lowercased().contains("sec-websocket-extensions: permessage-deflate"))
            try await ws.send(text: "2probe")
            #expect(try await ws.nextText() == "3probe")
            let queued = "4" + String(repeating: "queued while probing ", count: 200)
            #expect(try await engine.post(sid, queued).text == "ok")
            try await ws.send(text: "5")
            #expect(try await ws.nextText() == queued)
            try await ws.send(binary: Array(repeating: 5, count: 4_000))
            #expect(Array(try await ws.message().payload.readableBytesView) == Array(repeating: 5, count: 4_000))
            await ws.raw.close()
        }
    }

    @Test func permessageDeflateIsNotNegotiatedByDefault() async throws {
        try await withEngine { engine in
            let ws = try await engine.webSocket(extra: ["Sec-WebSocket-Extensions: permessage-deflate"])
            #expect(!ws.responseHead.lowercased().contains("sec-websocket-extensions"))
            await ws.raw.close()
        }
    }

    // MARK: Engine.IO v3

    @Test func v3WebSocketBinaryCarriesTheTypeByteAndTheClientPings() async throws {
        try await withEngine(.loopback { $0.allowEIO3 = true }) { engine in
            let ws = try await WSTestClient.connect(port: engine.port, path: engine.target(transport: "websocket", eio: "3"))
            let open = try LoopbackEngine.openPacket(try await ws.nextText())
            let sid = try #require(open["sid"] as? String)
            try await ws.send(binary: [4, 1, 2, 3])
            let echoed = try await ws.message()
            #expect(echoed.kind == .binary)
            #expect(Array(echoed.payload.readableBytesView) == [4, 1, 2, 3])
            #expect(engine.handler.received(sid) == [.binary(ByteBuffer(bytes: [1, 2, 3]))])
            // In v3 the client pings and the server answers.
            try await ws.send(text: "2")
            #expect(try await ws.nextText() == "3")
            try await ws.send(text: "4v3 text")
            #expect(try await ws.nextText() == "4v3 text")
            await ws.raw.close()
        }
    }

    @Test func v3PollingUsesLengthPrefixedPayloads() async throws {
        try await withEngine(.loopback { $0.allowEIO3 = true }) { engine in
            let handshake = try await engine.http("GET", engine.target(eio: "3") + "&b64=1")
            let colon = try #require(handshake.text.firstIndex(of: ":"))
            let open = try LoopbackEngine.openPacket(String(handshake.text[handshake.text.index(after: colon)...]))
            let sid = try #require(open["sid"] as? String)
            let target = engine.target(sid: sid, eio: "3") + "&b64=1"
            #expect(try await engine.http("POST", target, body: Array("6:4hello2:4x".utf8)).text == "ok")
            #expect(try await engine.http("GET", target).text == "6:4hello2:4x")
        }
    }

    @Test func v3PollingCarriesBinaryAsBinaryPayloadsWithoutB64() async throws {
        try await withEngine(.loopback { $0.allowEIO3 = true }) { engine in
            let handshake = try await engine.http("GET", engine.target(eio: "3"))
            let colon = try #require(handshake.text.firstIndex(of: ":"))
            let sid = try #require(
                try LoopbackEngine.openPacket(String(handshake.text[handshake.text.index(after: colon)...]))["sid"]
                    as? String)
            let target = engine.target(sid: sid, eio: "3")
            // One binary packet: 1 (binary), length 4 as the digit 4, 0xFF, then the type byte 4 and the data.
            let payload: [UInt8] = [1, 4, 0xFF, 4, 1, 2, 3]
            let post = try await engine.http(
                "POST", target, headers: ["Content-Type: application/octet-stream"], body: payload)
            #expect(post.text == "ok")
            #expect(engine.handler.received(sid) == [.binary(ByteBuffer(bytes: [1, 2, 3]))])
            let get = try await engine.http("GET", target)
            #expect(get.header("content-type") == "application/octet-stream")
            #expect(get.body == payload)
        }
    }

    @Test func v3PollingWithB64SendsBinaryAsBase64Text() async throws {
        try await withEngine(.loopback { $0.allowEIO3 = true }) { engine in
            let handshake = try await engine.http("GET", engine.target(eio: "3") + "&b64=1")
            let colon = try #require(handshake.text.firstIndex(of: ":"))
            let sid = try #require(
                try LoopbackEngine.openPacket(String(handshake.text[handshake.text.index(after: colon)...]))["sid"]
                    as? String)
            let target = engine.target(sid: sid, eio: "3") + "&b64=1"
            #expect(try await engine.http("POST", target, body: Array("6:b4AQID".utf8)).text == "ok")
            #expect(engine.handler.received(sid) == [.binary(ByteBuffer(bytes: [1, 2, 3]))])
            let get = try await engine.http("GET", target)
            #expect(get.header("content-type") == "text/plain; charset=UTF-8")
            #expect(get.text == "6:b4AQID")
        }
    }
}
