import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WSFraming

@testable import Transports

/// WebSocket upgrades through `EngineServer`: the handshake, messages both ways, pre-encoded frames,
/// permessage-deflate, the close handshake and refusals.
@Suite struct ServerWebSocketTests {
    @Test func upgradeAnswers101WithServiceHeadersAndEchoesTextAndBinary() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let ws = try await WSTestClient.connect(port: port)
            let head = ws.responseHead.lowercased()
            #expect(head.hasPrefix("http/1.1 101 switching protocols\r\n"))
            #expect(head.contains("sec-websocket-accept: \(WSHandshake.acceptValue(forKey: WSTestClient.key).lowercased())"))
            #expect(head.contains("\r\nx-engine: yes\r\n"))
            #expect(head.hasSuffix("\r\n\r\n"))
            #expect(!head.contains("sec-websocket-extensions"))
            try await ws.send(text: "héllo")
            let text = try await ws.message()
            #expect(text.kind == .text)
            #expect(text.text == "héllo")
            let binary: [UInt8] = Array(0..<200).map { UInt8($0) }
            try await ws.send(binary: binary)
            let echoed = try await ws.message()
            #expect(echoed.kind == .binary)
            #expect(Array(echoed.payload.readableBytesView) == binary)
            // Large enough to go out as a separate header and payload.
            let big = String(repeating: "x", count: 5000)
            try await ws.send(text: big)
            #expect(try await ws.message().text == big)
            #expect(service.log.contains("text héllo"))
            #expect(service.log.contains("binary 200"))
            await ws.raw.close()
        }
    }

    @Test func upgradedPipelineHoldsOnlyTheWebSocketHandler() async throws {
        try await withServer { server, port in
            let ws = try await WSTestClient.connect(port: port)
            try await ws.send(text: "sync")
            #expect(try await ws.message().text == "sync")
            let channel = try #require(server.registry.openChannels.first)
            #expect(server.registry.openChannels.count == 1)
            let handlers = try await channel.eventLoop.submit {
                let sync = channel.pipeline.syncOperations
                return [
                    (try? sync.handler(type: WebSocketTransportHandler.self)) != nil,
                    (try? sync.handler(type: HTTPConnectionHandler.self)) != nil,
                    (try? sync.handler(type: HTTPConnectionGuard.self)) != nil,
                    (try? sync.handler(type: HTTPResponseEncoder.self)) != nil,
                    (try? sync.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)) != nil,
                ]
            }.get()
            #expect(handlers == [true, false, false, false, false])
            await ws.raw.close()
            // The WebSocket handler reports the teardown to the registry (no close-future callback does).
            try await eventually("the WebSocket's slot to free") { server.connectionCount == 0 }
        }
    }

    @Test func framesSentWithTheUpgradeRequestAreDelivered() async throws {
        try await withServer { _, port in
            let probe = try await WSTestClient.connect(port: port)
            let early = probe.encode(text: "early bird")
            await probe.raw.close()
            let ws = try await WSTestClient.connect(port: port, early: early)
            #expect(try await ws.message().text == "early bird")
            await ws.raw.close()
        }
    }

    @Test func preEncodedFrameIsWrittenAsIs() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let ws = try await WSTestClient.connect(port: port)
            try await ws.send(text: "pre")
            #expect(try await ws.message().text == "shared")
            #expect(service.log.contains("pre-encoded allowed true"))
            await ws.raw.close()
        }
    }

    @Test func writabilityFollowsAPeerThatStopsReading() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let ws = try await WSTestClient.connect(port: port)
            try await ws.raw.channel.setOption(.autoRead, value: false)
            try await ws.send(text: "flood")
            try await eventually("the server to fill up") { service.log.contains("unwritable") }
            #expect(service.log.contains("writable false"))
            try await ws.raw.channel.setOption(.autoRead, value: true)
            ws.raw.channel.read()
            try await eventually("writable again") {
                service.log.all.last { $0.hasPrefix("writable ") } == "writable true"
            }
            await ws.raw.close()
        }
    }

    @Test func clientCloseHandshakeEndsTheTransportCleanly() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let ws = try await WSTestClient.connect(port: port)
            try await ws.close(code: .normalClosure)
            let payload = try await ws.next("the server's close") { action -> WSClosePayload? in
                if case .peerClosed(let payload) = action { return payload }
                return nil
            }
            #expect(payload.code == .normalClosure)
            try await ws.raw.waitClosed()
            try await eventually("transportClosed") { service.log.contains("ws closed") }
        }
    }

    @Test func serverCloseSendsCloseFrameThenCloses() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let ws = try await WSTestClient.connect(port: port)
            try await ws.send(text: "close")
            let payload = try await ws.next("the server's close") { action -> WSClosePayload? in
                if case .peerClosed(let payload) = action { return payload }
                return nil
            }
            #expect(payload.code == .normalClosure)
            try await ws.raw.waitClosed()
            try await eventually("transportClosed") { service.log.contains("ws closed") }
        }
    }

    @Test func protocolErrorClosesWithErrorReported() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let ws = try await WSTestClient.connect(port: port)
            // An unmasked frame from a client is a protocol error.
            try await ws.raw.send(bytes: [0x81, 0x02, 0x68, 0x69])
            let payload = try await ws.next("the server's close") { action -> WSClosePayload? in
                if case .peerClosed(let payload) = action { return payload }
                return nil
            }
            #expect(payload.code == .protocolError)
            try await ws.raw.waitClosed()
            try await eventually("transportClosed") { service.log.contains("ws closed with error") }
        }
    }

    @Test func permessageDeflateIsNegotiatedAndUsedBothWays() async throws {
        let service = FakeEngineService(deflate: EnginePerMessageDeflate(threshold: 16))
        try await withServer(service) { _, port in
            let ws = try await WSTestClient.connect(
                port: port, extra: ["Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"]
            )
            #expect(ws.responseHead.lowercased().contains("sec-websocket-extensions: permessage-deflate"))
            let text = String(repeating: "compress me ", count: 50)
            try await ws.send(text: text)
            let frame = try await ws.next("the raw echo") { action -> WSMessage? in
                if case .message(let message) = action { return message }
                return nil
            }
            #expect(frame.text == text)
            try await ws.send(text: "pre")
            #expect(try await ws.message().text == "shared")
            #expect(service.log.contains("pre-encoded allowed false"))
            await ws.raw.close()
        }
    }

    @Test func compressedReplyIsActuallyCompressedOnTheWire() async throws {
        let service = FakeEngineService(deflate: EnginePerMessageDeflate(threshold: 16))
        try await withServer(service) { _, port in
            let raw = try await RawClient.connect(port: port)
            let request = WSTestClient.request(path: "/engine/ws", extra: ["Sec-WebSocket-Extensions: permessage-deflate"])
            try await raw.send(request)
            var end = 0
            try await eventually("the 101") {
                end = RawClient.headEnd(raw.bytes) ?? 0
                return end > 0
            }
            _ = raw.take(end)
            let text = String(repeating: "a", count: 1000)
            var client = WSConnection(configuration: .init(role: .client))
            for case .write(let buffer) in client.send(text: text) {
                try await raw.send(bytes: Array(buffer.readableBytesView))
            }
            try await eventually("the echo frame") { raw.bytes.count >= 2 }
            let first = raw.bytes[0]
            #expect(first & 0x40 != 0, "RSV1 set: the reply is compressed")
            #expect(raw.bytes.count < 200)
            await raw.close()
        }
    }

    @Test func deflateIsNotNegotiatedWhenTheServiceDoesNotAskForIt() async throws {
        try await withServer { _, port in
            let ws = try await WSTestClient.connect(port: port, extra: ["Sec-WebSocket-Extensions: permessage-deflate"])
            #expect(!ws.responseHead.lowercased().contains("sec-websocket-extensions"))
            await ws.raw.close()
        }
    }

    @Test func rejectWritesStatusHtmlBodyAndCloses() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let raw = try await RawClient.connect(port: port)
            try await raw.send(WSTestClient.request(path: "/engine/reject"))
            try await raw.waitClosed()
            #expect(
                raw.text
                    == "HTTP/1.1 403 Forbidden\r\ncontent-type: text/html\r\ncontent-length: 4\r\nconnection: close\r\n\r\nnope"
            )
            #expect(service.log.contains("upgrade /engine/reject"))
        }
    }

    @Test func invalidHandshakeGets400AndBadVersion426() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let noKey = try await RawClient.connect(port: port)
            try await noKey.send(
                "GET /engine/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n"
            )
            try await noKey.waitClosed()
            #expect(noKey.text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))

            let badVersion = try await RawClient.connect(port: port)
            try await badVersion.send(
                WSTestClient.request(path: "/engine/ws").replacingOccurrences(of: "Version: 13", with: "Version: 8")
            )
            try await badVersion.waitClosed()
            #expect(badVersion.text.hasPrefix("HTTP/1.1 426 Upgrade Required\r\n"))
            #expect(badVersion.text.lowercased().contains("sec-websocket-version: 13"))
            #expect(!service.log.all.contains { $0.hasPrefix("upgrade") })
        }
    }

    @Test func upgradeOutsideTheEnginePathGets404() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let raw = try await RawClient.connect(port: port)
            try await raw.send(WSTestClient.request(path: "/chat"))
            try await raw.waitClosed()
            #expect(raw.text.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
            #expect(service.log.all.isEmpty)
        }
    }
}
