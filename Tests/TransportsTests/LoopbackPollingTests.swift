import Foundation
import NIOCore
import Testing

@testable import Transports

/// Long-polling over loopback through the real `EngineServer` and `EngineEndpoint`: the handshake, POST and GET,
/// batching, binary, the response headers, httpCompression.
@Suite struct LoopbackPollingTests {
    @Test func handshakeOpenPacketCarriesExactlyTheFiveFields() async throws {
        let options = EngineServerOptions.loopback {
            $0.pingInterval = .milliseconds(30_000)
            $0.pingTimeout = .milliseconds(7_000)
            $0.maxHttpBufferSize = 12_345
        }
        try await withEngine(options) { engine in
            let (sid, open, reply) = try await engine.handshake()
            #expect(Set(open.keys) == ["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"])
            #expect(sid.count == EngineSessionID.defaultLength)
            #expect(sid.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") })
            #expect(open["upgrades"] as? [String] == ["websocket"])
            #expect(open["pingInterval"] as? Int == 30_000)
            #expect(open["pingTimeout"] as? Int == 7_000)
            #expect(open["maxPayload"] as? Int == 12_345)
            #expect(reply.header("content-type") == "text/plain; charset=UTF-8")
            #expect(reply.header("cache-control") == "no-store")
            // The open packet is the whole first payload: nothing else was queued.
            #expect(LoopbackEngine.packets(reply.text).count == 1)
            try await eventually("the handler's sessionOpened") { engine.handler.opened == [sid] }
            #expect(engine.endpoint.clientsCount == 1)
        }
    }

    @Test func twoHandshakesGetDistinctSids() async throws {
        try await withEngine { engine in
            let first = try await engine.handshake().sid
            let second = try await engine.handshake().sid
            #expect(first != second)
            #expect(engine.endpoint.clientsCount == 2)
        }
    }

    @Test func postAnswersOkAsTextHtmlAndGetReturnsTheEcho() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let post = try await engine.post(sid, "4hello")
            #expect(post.status == 200)
            #expect(post.text == "ok")
            #expect(post.header("content-type") == "text/html")
            #expect(post.header("cache-control") == "no-store")
            let get = try await engine.get(sid)
            #expect(get.status == 200)
            #expect(get.text == "4hello")
            #expect(get.header("cache-control") == "no-store")
            #expect(get.header("content-type") == "text/plain; charset=UTF-8")
            #expect(engine.handler.received(sid) == [.text(ByteBuffer(string: "hello"))])
        }
    }

    @Test func pendingGetIsAnsweredWhenAMessageArrives() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let poll = try await engine.startGet(sid)
            // The GET waits: the message it carries is sent only after it is pending.
            try await engine.waitForPendingGet(sid)
            #expect(poll.bytes.isEmpty)
            #expect(try await engine.post(sid, "4late").text == "ok")
            let reply = try await poll.reply()
            #expect(reply.text == "4late")
            await poll.close()
        }
    }

    @Test func severalMessagesAreBatchedIntoOnePayload() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            // One POST with three packets; the echoes queue while no GET is pending.
            #expect(try await engine.post(sid, "4one\u{1e}4two\u{1e}4three").text == "ok")
            let get = try await engine.get(sid)
            #expect(LoopbackEngine.packets(get.text) == ["4one", "4two", "4three"])
            #expect(engine.handler.received(sid).count == 3)
        }
    }

    @Test func binaryTravelsAsBPlusBase64BothWays() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let bytes: [UInt8] = [0, 1, 2, 0xFE, 0xFF, 0x80]
            let encoded = "b" + Data(bytes).base64EncodedString()
            #expect(try await engine.post(sid, encoded + "\u{1e}4text").text == "ok")
            #expect(engine.handler.received(sid) == [.binary(ByteBuffer(bytes: bytes)), .text(ByteBuffer(string: "text"))])
            let get = try await engine.get(sid)
            #expect(LoopbackEngine.packets(get.text) == [encoded, "4text"])
        }
    }

    @Test func batchIsSplitAtMaxPayloadAndTheRestWaitsForTheNextGet() async throws {
        let options = EngineServerOptions.loopback { $0.maxHttpBufferSize = 100 }
        try await withEngine(options) { engine in
            let sid = try await engine.handshake().sid
            let big = String(repeating: "a", count: 60)
            // Each POST fits maxHttpBufferSize; the two echoes together do not.
            #expect(try await engine.post(sid, "4\(big)").text == "ok")
            #expect(try await engine.post(sid, "4\(big)").text == "ok")
            #expect(try await engine.get(sid).text == "4\(big)")
            #expect(try await engine.get(sid).text == "4\(big)")
        }
    }

    @Test func largePollingResponseIsGzipEncodedWhenAccepted() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let text = String(repeating: "compress me please ", count: 500)
            #expect(try await engine.post(sid, "4" + text).text == "ok")
            let get = try await engine.get(sid, headers: ["Accept-Encoding: gzip, deflate"])
            #expect(get.status == 200)
            #expect(get.header("content-encoding") == "gzip")
            #expect(get.body.count < text.utf8.count / 4)
            let inflated = try #require(inflateWhole(get.body, windowBits: 31))
            #expect(String(decoding: inflated, as: UTF8.self) == "4" + text)
        }
    }

    @Test func deflateIsUsedWhenOnlyDeflateIsAccepted() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let text = String(repeating: "z", count: 4000)
            #expect(try await engine.post(sid, "4" + text).text == "ok")
            let get = try await engine.get(sid, headers: ["Accept-Encoding: deflate"])
            #expect(get.header("content-encoding") == "deflate")
            let inflated = try #require(inflateWhole(get.body, windowBits: 15))
            #expect(String(decoding: inflated, as: UTF8.self) == "4" + text)
        }
    }

    @Test func smallResponsesAndResponsesWithoutAcceptEncodingAreNotCompressed() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            #expect(try await engine.post(sid, "4small").text == "ok")
            let small = try await engine.get(sid, headers: ["Accept-Encoding: gzip"])
            #expect(small.header("content-encoding") == nil)
            #expect(small.text == "4small")
            let text = String(repeating: "b", count: 4000)
            #expect(try await engine.post(sid, "4" + text).text == "ok")
            let plain = try await engine.get(sid)
            #expect(plain.header("content-encoding") == nil)
            #expect(plain.text == "4" + text)
        }
    }

    @Test func compressionOffSendsLargeResponsesPlain() async throws {
        let options = EngineServerOptions.loopback { $0.httpCompression = nil }
        try await withEngine(options) { engine in
            let sid = try await engine.handshake().sid
            let text = String(repeating: "c", count: 4000)
            #expect(try await engine.post(sid, "4" + text).text == "ok")
            let get = try await engine.get(sid, headers: ["Accept-Encoding: gzip"])
            #expect(get.header("content-encoding") == nil)
            #expect(get.text == "4" + text)
        }
    }

    @Test func closePacketFromTheClientEndsTheSession() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let poll = try await engine.startGet(sid)
            try await engine.waitForPendingGet(sid)
            #expect(try await engine.post(sid, "1").text == "ok")
            #expect(try await engine.handler.waitClosed(sid) == .transportClose)
            // The pending GET is answered (with a noop, as the reference's polling close does) rather than left hanging.
            let reply = try await poll.reply()
            #expect(reply.status == 200)
            #expect(reply.text == "6")
            await poll.close()
            let after = try await engine.get(sid)
            #expect(after.status == 400)
            #expect(after.text == #"{"code":1,"message":"Session ID unknown"}"#)
        }
    }

    @Test func serverCloseIsDeliveredToTheNextGet() async throws {
        try await withEngine { engine in
            let sid = try await engine.handshake().sid
            let session = try #require(engine.endpoint.session(id: sid))
            session.close()
            let get = try await engine.get(sid)
            #expect(get.status == 200)
            #expect(LoopbackEngine.packets(get.text).last == "1")
            #expect(try await engine.handler.waitClosed(sid) == .forcedClose)
            #expect(engine.endpoint.clientsCount == 0)
        }
    }
}
