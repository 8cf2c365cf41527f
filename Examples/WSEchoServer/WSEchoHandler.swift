import NIOCore
import WSFraming

/// One connection: reads the upgrade request, answers it, then drives `WSConnection` and echoes every message.
final class WSEchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// Collecting the HTTP request head.
        case awaitingHead(ByteBuffer)
        /// Upgraded: bytes go to the connection state machine.
        case open(WSConnection)
        /// Refused or closed; input is ignored.
        case closed
    }

    private let configuration: WSEchoConfiguration
    private var state = State.awaitingHead(ByteBuffer())
    /// Bytes of an incomplete frame, kept outside `state` so appending never copies them.
    private var inbound = ByteBuffer()
    private var codec: PerMessageDeflate?
    private var closeTimer: Scheduled<Void>?

    /// How long a closed connection waits for the peer's FIN before dropping the socket.
    static let linger = TimeAmount.seconds(2)

    init(configuration: WSEchoConfiguration) {
        self.configuration = configuration
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        switch state {
        case .awaitingHead(var head):
            state = .closed
            head.writeBuffer(&bytes)
            upgrade(context: context, head)
        case .open:
            if inbound.readableBytes == 0 {
                inbound = bytes
            } else {
                inbound.writeBuffer(&bytes)
            }
            receive(context: context)
        case .closed:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        _ = withConnection { connection in
            connection.transportClosed()
            return []
        }
        state = .closed
        closeTimer?.cancel()
        codec?.close()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    /// Parses the request head once it is complete, answers 101 or an error, then handles any bytes after it.
    private func upgrade(context: ChannelHandlerContext, _ buffer: ByteBuffer) {
        let head: WSRequestHead
        let consumed: Int
        let handshake: WSHandshake
        do throws(WSHandshakeError) {
            guard let parsed = try WSRequestHead.parse(buffer.readableBytesView) else {
                state = .awaitingHead(buffer)
                return
            }
            (head, consumed) = parsed
            handshake = try WSHandshake(head: head)
        } catch {
            refuse(context: context, error.responseHead)
            return
        }
        var extensions: String?
        if let negotiator = configuration.deflate {
            do throws(WSExtensionError) {
                if let accepted = try negotiator.negotiate(header: handshake.extensionOffers.joined(separator: ", ")) {
                    codec = try? negotiator.makeServerCodec(accepted)
                    if codec != nil { extensions = accepted.headerValue }
                }
            } catch {
                refuse(context: context, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                return
            }
        }
        let response = handshake.responseHead(extensions: extensions)
        context.write(wrapOutboundOut(context.channel.allocator.buffer(string: response)), promise: nil)
        var connection = WSConnection(
            configuration: WSConnection.Configuration(role: .server, limits: configuration.limits, codec: codec)
        )
        connection.allocator = context.channel.allocator
        inbound = buffer.getSlice(at: buffer.readerIndex + consumed, length: buffer.readableBytes - consumed) ?? ByteBuffer()
        state = .open(connection)
        receive(context: context)
    }

    /// Runs `body` on the open connection moved out of `state`, so its buffers are uniquely referenced and
    /// mutate in place; nil when the connection is not open.
    private func withConnection(_ body: (inout WSConnection) -> [WSConnection.Action]) -> [WSConnection.Action]? {
        guard case .open(var connection) = state else { return nil }
        state = .closed
        let actions = body(&connection)
        state = .open(connection)
        return actions
    }

    /// Hands the connection its input one message at a time (`receiveNext`) and performs the actions in between,
    /// so a message is echoed before a later bad frame in the same read fails the connection.
    private func receive(context: ChannelHandlerContext) {
        while true {
            var before = 0
            var after = 0
            let actions = withConnection { connection in
                before = inbound.readableBytes
                let actions = connection.receiveNext(&inbound)
                after = inbound.readableBytes
                if after == 0 { inbound.clear() }
                return actions
            }
            guard let actions else { return }
            perform(actions, context: context)
            if after == 0 || after == before { return }
        }
    }

    private func refuse(context: ChannelHandlerContext, _ response: String) {
        state = .closed
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: response)))
            .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    /// Performs the connection's actions in order; every message is sent straight back.
    private func perform(_ actions: [WSConnection.Action], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .message(let message):
                if let replies = withConnection({ $0.send(message) }) { perform(replies, context: context) }
            case .ping, .pong, .peerClosed, .failed:
                break
            case .write(let buffer):
                context.write(wrapOutboundOut(buffer), promise: nil)
            case .startCloseTimer(let duration):
                closeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(duration)) { [self] in
                    guard let actions = withConnection({ $0.closeTimerFired() }) else { return }
                    perform(actions, context: context)
                    context.flush()
                }
            case .closeTransport:
                closeTimer?.cancel()
                state = .closed
                // Half-close and drain: closing a socket with unread input makes the kernel send RST, which can
                // discard the echo and close frame still in flight. Reads are ignored from now on; the peer's FIN
                // (or the linger timeout) ends the channel.
                context.writeAndFlush(wrapOutboundOut(ByteBuffer())).assumeIsolated().whenComplete { _ in
                    context.close(mode: .output, promise: nil)
                    context.eventLoop.assumeIsolated().scheduleTask(in: Self.linger) { context.close(promise: nil) }
                }
            }
        }
    }
}
