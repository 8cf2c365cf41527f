import NIOCore
import NIOPosix
import Synchronization
import Testing
import WSFraming

@testable import Transports

/// A WebSocket client that answers Engine.IO pings (`2`) with pongs (`3`) on its event loop, as soon as they are
/// read, so that a 50 ms pingTimeout does not depend on how fast the test's task wakes up.
final class AutoPongHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var connection = WSConnection(configuration: .init(role: .client, codec: nil))
    private var inbound = ByteBuffer()
    private var sawHead = false
    /// Pings received (answered or not).
    let pings = Mutex(0)
    /// Whether pings are answered.
    let answering = Mutex(true)
    /// The close frame's code, once it arrived.
    let closeCode = Mutex<WSCloseCode?>(nil)
    /// Whether the connection ended.
    let closed = Mutex(false)
    /// Text messages other than pings.
    let texts = Mutex<[String]>([])

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        inbound.writeBuffer(&bytes)
        if !sawHead {
            guard let end = RawClient.headEnd(Array(inbound.readableBytesView)) else { return }
            inbound.moveReaderIndex(forwardBy: end)
            sawHead = true
        }
        var writes: [WSConnection.Action] = []
        for action in connection.receive(&inbound) {
            switch action {
            case .message(let message) where message.text == "2":
                pings.withLock { $0 += 1 }
                if answering.withLock({ $0 }) { writes += connection.send(text: "3") }
            case .message(let message):
                texts.withLock { $0.append(message.text) }
            case .peerClosed(let payload):
                closeCode.withLock { $0 = payload.code }
                writes.append(action)
            default:
                writes.append(action)
            }
        }
        for case .write(let buffer) in writes { context.write(wrapOutboundOut(buffer), promise: nil) }
        context.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed.withLock { $0 = true }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Connects a WebSocket to `target` whose pings this handler answers.
    static func connect(port: Int, target: String) async throws -> (AutoPongHandler, any Channel) {
        let handler = AutoPongHandler()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(string: WSTestClient.request(path: target)))
        return (handler, channel)
    }
}

/// The heartbeat over loopback with short intervals: pings arrive, pongs keep the session, silence closes it.
@Suite struct LoopbackHeartbeatTests {
    static let fast = EngineServerOptions.loopback {
        $0.pingInterval = .milliseconds(50)
        $0.pingTimeout = .milliseconds(50)
    }

    /// Pongs keep a WebSocket session alive; then silence closes it.
    ///
    /// The server sends the next ping only after the pong to the last one, so ten pings prove nine pongs were taken.
    /// The pong must still beat pingTimeout, and a loaded machine running the suite in parallel (one core taken by a
    /// fuzzer, say) stalls event loops for 100 ms and more, so the timeout is 500 ms here; the interval stays 50 ms,
    /// and the no-pong tests below use 50 ms for both.
    @Test func webSocketPongsKeepTheSessionThenSilenceClosesItWithPingTimeout() async throws {
        let options = EngineServerOptions.loopback {
            $0.pingInterval = .milliseconds(50)
            $0.pingTimeout = .milliseconds(500)
        }
        try await withEngine(options) { engine in
            let (client, channel) = try await AutoPongHandler.connect(
                port: engine.port, target: engine.target(transport: "websocket"))
            try await eventually("the open packet") { !client.texts.withLock(\.isEmpty) }
            let open = try LoopbackEngine.openPacket(client.texts.withLock { $0[0] })
            let sid = try #require(open["sid"] as? String)
            #expect(open["pingInterval"] as? Int == 50)
            #expect(open["pingTimeout"] as? Int == 500)
            try await eventually("ten pings") { client.pings.withLock { $0 } >= 10 }
            #expect(engine.handler.closeReason(sid) == nil)
            #expect(engine.endpoint.session(id: sid) != nil)

            client.answering.withLock { $0 = false }
            #expect(try await engine.handler.waitClosed(sid) == .pingTimeout)
            try await eventually("the close frame") { client.closeCode.withLock { $0 } != nil }
            #expect(client.closeCode.withLock { $0 } == .normalClosure)
            try await eventually("the connection to end") { client.closed.withLock { $0 } }
            try? await channel.close()
        }
    }

    @Test func webSocketWithoutPongClosesWithPingTimeout() async throws {
        try await withEngine(Self.fast) { engine in
            let (client, channel) = try await AutoPongHandler.connect(
                port: engine.port, target: engine.target(transport: "websocket"))
            client.answering.withLock { $0 = false }
            try await eventually("the open packet") { !client.texts.withLock(\.isEmpty) }
            let open = try LoopbackEngine.openPacket(client.texts.withLock { $0[0] })
            let sid = try #require(open["sid"] as? String)
            #expect(open["pingInterval"] as? Int == 50)
            #expect(open["pingTimeout"] as? Int == 50)
            #expect(try await engine.handler.waitClosed(sid) == .pingTimeout)
            try await eventually("the connection to end") { client.closed.withLock { $0 } }
            // The ping did arrive (before the close); it was not answered.
            #expect(client.pings.withLock { $0 } >= 1)
            #expect(client.closeCode.withLock { $0 } == .normalClosure)
            try? await channel.close()
        }
    }

    @Test func pollingPingArrivesInTheGetAndAPongIsAccepted() async throws {
        // A pong over polling needs a new request; a roomy pingTimeout keeps this about the protocol, not speed.
        let options = EngineServerOptions.loopback {
            $0.pingInterval = .milliseconds(50)
            $0.pingTimeout = .milliseconds(5_000)
        }
        try await withEngine(options) { engine in
            let sid = try await engine.handshake().sid
            for _ in 0..<3 {
                #expect(try await engine.get(sid).text == "2")
                #expect(try await engine.post(sid, "3").text == "ok")
            }
            #expect(engine.handler.closeReason(sid) == nil)
        }
    }

    @Test func pollingSessionWithoutPongClosesWithPingTimeout() async throws {
        try await withEngine(Self.fast) { engine in
            // The ping is queued after 50 ms whether or not a GET takes it; nobody answers it.
            let sid = try await engine.handshake().sid
            #expect(try await engine.handler.waitClosed(sid) == .pingTimeout)
            LoopbackErrorTests.expectRefusal(
                try await engine.get(sid), status: 400, code: 1, message: "Session ID unknown")
        }
    }

    @Test func pollingSessionWithAPendingGetGetsTheCloseOnPingTimeout() async throws {
        // The second GET must be pending before the timeout: a roomy one keeps that independent of speed, even
        // with the whole suite running in parallel on a loaded machine.
        let options = EngineServerOptions.loopback {
            $0.pingInterval = .milliseconds(50)
            $0.pingTimeout = .milliseconds(3_000)
        }
        try await withEngine(options) { engine in
            let sid = try await engine.handshake().sid
            #expect(try await engine.get(sid).text == "2")
            let poll = try await engine.startGet(sid)
            try await engine.waitForPendingGet(sid)
            #expect(try await engine.handler.waitClosed(sid) == .pingTimeout)
            let reply = try await poll.reply()
            #expect(LoopbackEngine.packets(reply.text).last == "1")
            await poll.close()
        }
    }
}
