import NIOCore
import Synchronization
import Testing
import WSFraming

@testable import Transports

/// The results of the sends one handler call made.
final class SendLog: Sendable {
    private let results = Mutex<[EngineSendResult]>([])
    func set(_ value: [EngineSendResult]) { results.withLock { $0 = value } }
    var all: [EngineSendResult] { results.withLock { $0 } }
}

/// A client that stops reading while the server sends: the per-session send queue stays within its bound, and the
/// policy decides what happens when it is full.
@Suite struct LoopbackSlowConsumerTests {
    static let chunkSize = 64 * 1024
    static let queueBytes = 256 * 1024
    /// Far more than loopback socket buffers and NIO's high watermark hold together.
    static let maxSends = 3_000

    /// A handler that, on the text message `flood`, sends 64 KiB binary messages until the session refuses one, then
    /// `extra` more, all in one go on the session's loop, and records every result. Other messages are echoed.
    static func floodingHandler(results: SendLog, extra: Int) -> LoopbackHandler {
        let chunk = EngineOutboundMessage.binary(ByteBuffer(repeating: 0xAB, count: chunkSize))
        return LoopbackHandler(echo: false, onMessage: { session, message in
            guard message == .text(ByteBuffer(string: "flood")) else {
                session.send(message.isBinary ? .binary(message.bytes) : .text(message.bytes))
                return
            }
            var sent: [EngineSendResult] = []
            var refusedAt: Int?
            for index in 0..<maxSends {
                let result = session.send(chunk)
                sent.append(result)
                if !result.isAccepted, refusedAt == nil { refusedAt = index }
                if let refusedAt, index >= refusedAt + extra { break }
            }
            results.set(sent)
        })
    }

    static func options(_ policy: EngineSendQueueLimits.Policy) -> EngineServerOptions {
        .loopback { $0.sendQueue = EngineSendQueueLimits(maxBytes: queueBytes, maxPackets: 10_000, policy: policy) }
    }

    /// Opens a WebSocket session, stops reading, and asks for the flood; returns the client, the sid and the results.
    static func stalledFlood(
        _ engine: LoopbackEngine, results: SendLog
    ) async throws -> (WSTestClient, String, [EngineSendResult]) {
        // A small receive buffer keeps what the kernel absorbs (and the test later reads) small.
        let ws = try await engine.webSocket(receiveBufferSize: 4_096)
        let sid = try #require(try LoopbackEngine.openPacket(try await ws.nextText())["sid"] as? String)
        try await ws.raw.channel.setOption(ChannelOptions.autoRead, value: false).get()
        try await ws.send(text: "4flood")
        try await eventually("the flood") { !results.all.isEmpty }
        return (ws, sid, results.all)
    }

    @Test func closeSessionPolicyEndsTheSessionWithSendQueueOverflow() async throws {
        let results = SendLog()
        let handler = Self.floodingHandler(results: results, extra: 3)
        try await withEngine(Self.options(.closeSession), handler: handler) { engine in
            let (ws, sid, sent) = try await Self.stalledFlood(engine, results: results)
            let written = sent.prefix { $0 == .written }.count
            let queued = sent.dropFirst(written).prefix { $0 == .queued }.count
            // Written while the socket took them, then queued up to the bound, then refused and closed.
            #expect(written >= 1)
            #expect(written < Self.maxSends)
            #expect(queued == Self.queueBytes / Self.chunkSize)
            #expect(sent[written + queued] == .queueFull)
            #expect(sent.dropFirst(written + queued + 1).allSatisfy { $0 == .closed })
            #expect(sent.count == written + queued + 4)
            #expect(try await engine.handler.waitClosed(sid) == .sendQueueOverflow)

            // Reading again, the client gets what was written (the queue was discarded) and then the close.
            try await ws.raw.channel.setOption(ChannelOptions.autoRead, value: true).get()
            var received = 0
            var closeCode: WSCloseCode?
            while closeCode == nil {
                let action = try await ws.next("a message or the close") { action -> WSConnection.Action? in
                    switch action {
                    case .message, .peerClosed: action
                    default: nil
                    }
                }
                switch action {
                case .message(let message):
                    #expect(message.payload.readableBytes == Self.chunkSize)
                    received += 1
                case .peerClosed(let payload):
                    closeCode = payload.code
                default:
                    break
                }
            }
            #expect(received == written)
            #expect(closeCode == .normalClosure)
        }
    }

    @Test func failSendPolicyRefusesSendsAndKeepsTheSession() async throws {
        let results = SendLog()
        let handler = Self.floodingHandler(results: results, extra: 20)
        try await withEngine(Self.options(.failSend), handler: handler) { engine in
            let (ws, sid, sent) = try await Self.stalledFlood(engine, results: results)
            let written = sent.prefix { $0 == .written }.count
            let queued = sent.dropFirst(written).prefix { $0 == .queued }.count
            #expect(written >= 1)
            #expect(queued == Self.queueBytes / Self.chunkSize)
            // Every later send is refused while the client is stalled; none closes the session.
            #expect(sent.dropFirst(written + queued).allSatisfy { $0 == .queueFull })
            #expect(sent.count == written + queued + 21)
            #expect(engine.handler.closeReason(sid) == nil)
            #expect(engine.handler.drainCount(sid) == 0)

            // Reading again, the client gets every accepted message, the queue drains, and the session goes on.
            try await ws.raw.channel.setOption(ChannelOptions.autoRead, value: true).get()
            for _ in 0..<(written + queued) {
                let message = try await ws.message()
                #expect(message.kind == .binary)
                #expect(message.payload.readableBytes == Self.chunkSize)
            }
            try await eventually("the drain signal") { engine.handler.drainCount(sid) == 1 }
            try await ws.send(text: "4still here")
            #expect(try await ws.nextText() == "4still here")
            #expect(engine.handler.closeReason(sid) == nil)
            await ws.raw.close()
        }
    }

    @Test func volatileMessagesAreDroppedWhileTheClientIsStalled() async throws {
        let results = SendLog()
        let chunk = EngineOutboundMessage.binary(ByteBuffer(repeating: 1, count: Self.chunkSize))
        let handler = LoopbackHandler(echo: false, onMessage: { session, _ in
            var sent: [EngineSendResult] = []
            for _ in 0..<Self.maxSends {
                let result = session.send(chunk, volatile: true)
                sent.append(result)
                if result == .droppedVolatile { break }
            }
            // A regular message still queues behind the stalled socket.
            sent.append(session.send(.text("regular")))
            results.set(sent)
        })
        try await withEngine(Self.options(.dropVolatile), handler: handler) { engine in
            let (ws, sid, sent) = try await Self.stalledFlood(engine, results: results)
            let written = sent.prefix { $0 == .written }.count
            #expect(written >= 1)
            #expect(sent.count == written + 2)
            #expect(sent[written] == .droppedVolatile)
            #expect(sent.last == .queued)
            try await ws.raw.channel.setOption(ChannelOptions.autoRead, value: true).get()
            for _ in 0..<written { #expect(try await ws.message().kind == .binary) }
            #expect(try await ws.nextText() == "4regular")
            #expect(engine.handler.closeReason(sid) == nil)
            await ws.raw.close()
        }
    }

    @Test func pollingClientThatDoesNotPollHitsThePacketBound() async throws {
        let results = SendLog()
        let handler = LoopbackHandler(echo: false, onMessage: { session, _ in
            results.set((0..<10).map { session.send(.text("m\($0)")) })
        })
        let options = EngineServerOptions.loopback {
            $0.sendQueue = EngineSendQueueLimits(maxBytes: 1 << 20, maxPackets: 4, policy: .failSend)
        }
        try await withEngine(options, handler: handler) { engine in
            let sid = try await engine.handshake().sid
            #expect(try await engine.post(sid, "4go").text == "ok")
            #expect(results.all == Array(repeating: .queued, count: 4) + Array(repeating: .queueFull, count: 6))
            let get = try await engine.get(sid)
            #expect(LoopbackEngine.packets(get.text) == ["4m0", "4m1", "4m2", "4m3"])
            try await eventually("the drain signal") { engine.handler.drainCount(sid) == 1 }
            #expect(engine.handler.closeReason(sid) == nil)
        }
    }
}
