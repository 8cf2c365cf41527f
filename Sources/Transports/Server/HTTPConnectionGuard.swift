import Logging
import NIOCore

/// Sits in front of the HTTP decoder and protects the connection while it speaks HTTP: a request head must arrive
/// within `headerTimeout` and within `maxHeaderBytes` (slowloris, endless heads), and a connection with no request
/// for `idleTimeout` is closed. Removed, with its timers, when the connection becomes a WebSocket.
final class HTTPConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase {
        /// Between requests, no byte of the next head yet: the idle timer runs (the header timer at connection open).
        case waitingForHead
        /// Some bytes of a head arrived: the header timer runs and the bytes are counted.
        case readingHead(bytes: Int)
        /// A request is being served (long polls included): no timer.
        case inRequest
        /// Refused or removed: input is dropped.
        case done
    }

    /// Reads request heads in `readChunk`-byte chunks: NIO keeps a connection's first read buffer for the
    /// connection's life (growing it to the largest read), so an idle WebSocket keeps exactly this much.
    static let headAllocator = FixedSizeRecvByteBufferAllocator(capacity: readChunk)
    /// Reads bodies and WebSocket frames: starts as small as the head buffer (so the kept buffer does not grow for
    /// an idle connection's pings) and grows with the traffic. Stored inline in the channel (no box).
    static let bodyAllocator = CompactRecvAllocator(minimum: readChunk, initial: readChunk, maximum: 65_536)
    /// The size of head reads and of the first body or frame read (ByteBuffer rounds capacities up to a power of
    /// two, so 64 is the smallest size short of 32-byte reads).
    static let readChunk = 64

    /// Reads per readiness event once the head is in (NIO's default).
    static let bodyMessagesPerRead: UInt = 4

    private let limits: EngineConnectionLimits
    /// Whether `bodyAllocator` replaced `headAllocator` (after the first head).
    private var usesBodyAllocator = false
    private var phase = Phase.waitingForHead
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    private let logger: Logger
    /// Told when the connection is torn down while this is still its first handler (an HTTP connection).
    private let registry: ConnectionRegistry?

    init(limits: EngineConnectionLimits, logger: Logger, registry: ConnectionRegistry? = nil) {
        self.limits = limits
        self.logger = logger
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // A new connection is idle and owes a head: whichever limit is shorter applies, byte or no byte.
        startTimer(min(limits.headerTimeout, limits.idleTimeout), context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        phase = .done
        self.context = nil
        // Removed from an open channel: the upgrade, and the WebSocket handler now reports the teardown. Otherwise
        // the channel closed (NIO removes every handler then, whether or not it ever became active).
        if !context.channel.isActive { registry?.remove(context.channel) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let count = unwrapInboundIn(data).readableBytes
        switch phase {
        case .waitingForHead:
            phase = .readingHead(bytes: count)
            startTimer(limits.headerTimeout, context: context)
        case .readingHead(let bytes):
            phase = .readingHead(bytes: bytes + count)
        case .inRequest:
            break
        case .done:
            return
        }
        context.fireChannelRead(data)
        // The decoder has seen these bytes; if the head is still unfinished and already too long, refuse it.
        if case .readingHead(let bytes) = phase, bytes > limits.maxHeaderBytes {
            refuse(status: "431 Request Header Fields Too Large")
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        phase = .done
        context.fireChannelInactive()
    }

    /// The decoder produced a complete head: stop the header timer.
    func headReceived() {
        switch phase {
        case .waitingForHead, .readingHead, .inRequest:
            phase = .inRequest
            timer?.cancel()
            timer = nil
            if !usesBodyAllocator, let context {
                usesBodyAllocator = true
                let options = context.channel.syncOptions
                try? options?.setOption(.recvAllocator, value: Self.bodyAllocator)
                try? options?.setOption(.maxMessagesPerRead, value: Self.bodyMessagesPerRead)
            }
        case .done:
            break
        }
    }

    /// The request and its response are done and the connection stays open: the idle timer starts.
    func requestFinished() {
        switch phase {
        case .waitingForHead, .readingHead, .inRequest:
            phase = .waitingForHead
            if let context { startTimer(limits.idleTimeout, context: context) }
        case .done:
            break
        }
    }

    /// Writes a bare error response straight to the socket (below the HTTP encoder) and closes.
    func refuse(status: String) {
        guard let context else { return }
        switch phase {
        case .done:
            return
        case .waitingForHead, .readingHead, .inRequest:
            break
        }
        phase = .done
        timer?.cancel()
        timer = nil
        logger.debug("request refused", metadata: ["status": "\(status)"])
        let text = "HTTP/1.1 \(status)\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)))
            .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func startTimer(_ delay: TimeAmount, context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            timer = nil
            switch phase {
            case .waitingForHead, .readingHead:
                logger.debug("connection closed: no request head in time (header or idle timeout)")
                phase = .done
                context.close(promise: nil)
            case .inRequest, .done:
                break
            }
        }
    }
}
