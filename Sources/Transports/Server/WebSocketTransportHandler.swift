import NIOCore
import WSFraming

/// The whole pipeline of an upgraded connection: drives `WSConnection` (server role) and is the session's
/// `EngineWebSocketTransport`. Kept small, since an idle WebSocket session costs what this object and NIO's channel
/// cost.
///
/// Every method runs on `eventLoop` (the protocol's contract), which makes the `@unchecked Sendable` sound.
final class WebSocketTransportHandler: ChannelDuplexHandler, RemovableChannelHandler, EngineWebSocketTransport,
    @unchecked Sendable
{
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Payloads up to this size are copied next to their frame header so one buffer is written.
    private static let coalescingLimit = 1024

    /// The loop (shared with the server's other handlers on it, with the registry).
    private let home: ConnectionLoop
    var eventLoop: any EventLoop { home.eventLoop }
    var delegate: (any EngineWebSocketTransportDelegate)? {
        didSet {
            // Frames that arrived with or right after the upgrade waited for someone to take them.
            if oldValue == nil, delegate != nil, let context { deliver(context: context) }
        }
    }
    // Field order matters: the flags fill the padding after `connection`, which keeps the object in a smaller
    // malloc size class (an idle session costs what this object and NIO's channel cost).
    private var connection: WSConnection
    /// A read NIO asked for while nobody takes the messages yet.
    private var pendingRead = false
    private var isClosed = false
    /// Inside `channelRead`: writes made now (an echo, an ack) are flushed once at `channelReadComplete`, so a read
    /// that carried several messages costs one write syscall, not one per answer.
    private var inRead = false
    /// Set at the first `channelReadComplete`: bytes the HTTP decoder forwards when it is removed (frames sent with
    /// the upgrade request) arrive without a `channelReadComplete` after them, so they must flush as they go.
    private var readCompletes = false
    /// A flush is scheduled for the end of this loop iteration.
    private var flushQueued = false
    private var context: ChannelHandlerContext?
    /// The first protocol or I/O error, reported when the connection ends.
    private var failure: (any Error)?
    /// Bytes of an incomplete frame, or frames held until the delegate is set.
    private var inbound: ByteBuffer?

    /// A handler on `home`'s loop; its registry (if any) hears of the teardown.
    init(home: ConnectionLoop, configuration: WSConnection.Configuration) {
        self.home = home
        self.connection = WSConnection(configuration: configuration)
    }

    /// A handler outside `EngineServer` (no registry).
    convenience init(eventLoop: any EventLoop, configuration: WSConnection.Configuration) {
        self.init(home: ConnectionLoop(eventLoop: eventLoop, registry: nil), configuration: configuration)
    }

    /// The negotiated permessage-deflate codec (kept by the connection, not stored twice).
    private var codec: PerMessageDeflate? { connection.codec as? PerMessageDeflate }

    var isWritable: Bool { context?.channel.isWritable ?? false }

    var acceptsPreEncodedFrames: Bool { connection.codec == nil }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // `connection.allocator` stays the default: setting it (even to the channel's, normally the same) boxes it.
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        home.registry?.remove(context.channel)
    }

    /// Writes the `101 Switching Protocols` head, before any frame.
    func writeHandshakeResponse(_ text: String) {
        guard let context else { return }
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        guard !isClosed else { return }
        if inbound == nil {
            inbound = bytes
        } else {
            inbound?.writeBuffer(&bytes)
        }
        if delegate != nil {
            inRead = readCompletes
            deliver(context: context)
            inRead = false
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        readCompletes = true
        context.flush()
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        delegate?.transportWritabilityChanged(self)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        isClosed = true
        connection.transportClosed()
        codec?.close()
        inbound = nil
        let delegate = self.delegate
        self.delegate = nil
        delegate?.transportClosed(self, error: failure)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if failure == nil { failure = error }
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        guard delegate != nil || isClosed else {
            pendingRead = true
            return
        }
        context.read()
    }

    // MARK: EngineWebSocketTransport

    func write(text: ByteBuffer, compress: Bool) {
        send(.text, text, compress: compress)
    }

    func write(binary: ByteBuffer, compress: Bool) {
        send(.binary, binary, compress: compress)
    }

    func write(preEncodedFrame: ByteBuffer) {
        guard let context, !isClosed, connection.closeState == .open else { return }
        context.write(wrapOutboundOut(preEncodedFrame), promise: nil)
    }

    func flush() {
        // Answers to this connection's own read go out at channelReadComplete; anything else (a broadcast, a ping)
        // at the end of the loop iteration, together with whatever else this iteration writes here.
        guard !inRead, let context else { return }
        // Past NIO's high watermark the bytes go to the kernel now, as an unbatched flush would send them: a slow
        // reader then fills its socket buffer first, and writability reflects what it really has not read.
        guard context.channel.isWritable else { return context.flush() }
        guard !flushQueued else { return }
        flushQueued = true
        home.scheduleFlush(self)
    }

    /// The end-of-iteration flush.
    func flushNow() {
        flushQueued = false
        context?.flush()
    }

    func close(code: WSCloseCode) {
        guard let context, !isClosed else { return }
        perform(connection.close(code: code), context: context)
        context.flush()
    }

    // MARK: Internals

    /// Encodes one message. Uncompressed messages skip `WSConnection.send` and its action array, so the hot path
    /// allocates only the frame buffer (none beyond the header for payloads above `coalescingLimit`).
    private func send(_ opcode: WSOpcode, _ payload: ByteBuffer, compress: Bool) {
        guard let context, !isClosed, connection.closeState == .open else { return }
        if compress, let codec, payload.readableBytes >= codec.threshold {
            let kind: WSMessage.Kind = opcode == .text ? .text : .binary
            perform(connection.send(WSMessage(kind: kind, payload: payload)), context: context)
            return
        }
        let header = WSFrameHeader(opcode: opcode, payloadLength: payload.readableBytes)
        if payload.readableBytes > Self.coalescingLimit {
            var head = context.channel.allocator.buffer(capacity: header.encodedSize)
            header.write(to: &head)
            context.write(wrapOutboundOut(head), promise: nil)
            context.write(wrapOutboundOut(payload), promise: nil)
        } else {
            var frame = context.channel.allocator.buffer(capacity: header.encodedSize + payload.readableBytes)
            WSFrameEncoder.write(header, payload: payload, to: &frame)
            context.write(wrapOutboundOut(frame), promise: nil)
        }
    }

    /// Hands the connection its input one message at a time, so a message reaches the delegate before a later bad
    /// frame of the same read fails the connection.
    private func deliver(context: ChannelHandlerContext) {
        if pendingRead {
            pendingRead = false
            context.read()
        }
        while !isClosed, var buffer = inbound {
            inbound = nil
            let before = buffer.readableBytes
            var actions = home.takeActions()
            connection.receiveNext(&buffer, into: &actions)
            let after = buffer.readableBytes
            if after > 0 && !isClosed { inbound = buffer }
            perform(actions, context: context)
            let acted = !actions.isEmpty
            // Emptied at once: the actions hold the message's bytes, which NIO reuses for the next read if free.
            home.returnActions(&actions)
            if after == 0 || (after == before && !acted) { break }
        }
    }

    private func perform(_ actions: [WSConnection.Action], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .message(let message):
                switch message.kind {
                case .text: delegate?.transport(self, received: .text(message.payload))
                case .binary: delegate?.transport(self, received: .binary(message.payload))
                }
            case .ping, .pong, .peerClosed:
                break
            case .failed(let error):
                if failure == nil { failure = error }
            case .write(let buffer):
                context.write(wrapOutboundOut(buffer), promise: nil)
            case .startCloseTimer(let duration):
                // Not kept to be cancelled (an idle connection would carry the handle): once the connection is
                // closed the timer finds `isClosed` and does nothing.
                context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(duration)) { [self] in
                    guard !isClosed, let context = self.context else { return }
                    perform(connection.closeTimerFired(), context: context)
                    context.flush()
                }
            case .closeTransport:
                isClosed = true
                inbound = nil
                context.writeAndFlush(wrapOutboundOut(ByteBuffer())).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
            }
        }
    }
}
