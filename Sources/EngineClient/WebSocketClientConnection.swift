import NIOCore
import NIOPosix
import WSFraming

/// A client WebSocket over NIO: writes the opening handshake, checks the 101 and `Sec-WebSocket-Accept`, then runs
/// `WSConnection` (client role, masked frames). Received messages arrive in order on `events`.
struct WebSocketClientConnection: Sendable {
    /// What the connection reports.
    enum Event: Sendable {
        case message(WSMessage)
        /// The connection ended; the detail says why (nil: a clean close).
        case closed(String?)
    }

    /// An outbound command, written through the pipeline so any thread may send.
    enum Outbound: Sendable {
        case message(WSMessage)
        case close
    }

    let channel: any Channel
    let events: AsyncStream<Event>

    /// Connects and completes the opening handshake.
    static func connect(
        host: String, port: Int, target: String, headers: [(name: String, value: String)], maxMessageBytes: Int,
        connectTimeout: Duration, group: any EventLoopGroup
    ) async throws(EngineClientError) -> WebSocketClientConnection {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let opened = group.next().makePromise(of: Void.self)
        var key: [UInt8] = []
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<16 { key.append(UInt8.random(in: 0...255, using: &rng)) }
        let keyText = Base64Text.encode(key)
        var request = "GET \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: \(keyText)\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let requestBytes = request
        let accept = WSHandshake.acceptValue(forKey: keyText)
        var limits = WSLimits()
        limits.maxMessageSize = maxMessageBytes
        limits.maxFrameSize = maxMessageBytes
        let wsLimits = limits
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.nanoseconds(connectTimeout.nanoseconds))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            WebSocketClientHandler(
                                request: requestBytes, expectedAccept: accept, limits: wsLimits, opened: opened,
                                continuation: continuation
                            )
                        )
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            opened.fail(error)
            continuation.finish()
            throw EngineClientError.connectFailed.with("\(host):\(port): \(error)")
        }
        do {
            try await withTaskCancellationHandler {
                try await opened.futureResult.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch {
            channel.close(promise: nil)
            throw EngineClientError.webSocketFailed.with("\(target): \(error)")
        }
        return WebSocketClientConnection(channel: channel, events: events)
    }

    /// Sends a text message.
    func send(text: String) {
        channel.writeAndFlush(Outbound.message(WSMessage(kind: .text, payload: ByteBuffer(string: text))), promise: nil)
    }

    /// Sends a binary message.
    func send(binary: [UInt8]) {
        let message = WSMessage(kind: .binary, payload: ByteBuffer(bytes: binary))
        channel.writeAndFlush(Outbound.message(message), promise: nil)
    }

    /// Starts the close handshake (the connection closes when the server answers or the close timer fires).
    func close() {
        channel.writeAndFlush(Outbound.close, promise: nil)
    }
}

/// Handshake, then frames: one handler owns the `WSConnection` on the channel's loop.
private final class WebSocketClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = WebSocketClientConnection.Outbound
    typealias OutboundOut = ByteBuffer

    /// The response head may not exceed this many bytes.
    private static let maxHeadBytes = 16_384

    private let request: String
    private let expectedAccept: String
    private let opened: EventLoopPromise<Void>
    private let continuation: AsyncStream<WebSocketClientConnection.Event>.Continuation
    private var connection: WSConnection?
    private let limits: WSLimits
    private var pending = ByteBuffer()
    private var finished = false

    init(
        request: String, expectedAccept: String, limits: WSLimits, opened: EventLoopPromise<Void>,
        continuation: AsyncStream<WebSocketClientConnection.Event>.Continuation
    ) {
        self.request = request
        self.expectedAccept = expectedAccept
        self.limits = limits
        self.opened = opened
        self.continuation = continuation
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending.writeBuffer(&buffer)
        if connection == nil {
            guard readHead(context: context) else { return }
        }
        receiveFrames(context: context)
    }

    /// Parses the response head once complete; returns whether frames may follow.
    private func readHead(context: ChannelHandlerContext) -> Bool {
        let view = pending.readableBytesView
        guard let end = Self.headEnd(view) else {
            if view.count > Self.maxHeadBytes {
                fail(context: context, "response head over \(Self.maxHeadBytes) bytes")
            }
            return false
        }
        let head = String(decoding: view.prefix(end - view.startIndex), as: UTF8.self)
        pending.moveReaderIndex(forwardBy: end - view.startIndex + 4)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines.first?.split(separator: " ", maxSplits: 2) ?? []
        guard statusParts.count >= 2, statusParts[1] == "101" else {
            fail(context: context, "expected 101, got \(lines.first.map(String.init) ?? "nothing")")
            return false
        }
        var acceptOK = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces
            if name == "sec-websocket-accept" { acceptOK = value == expectedAccept }
        }
        guard acceptOK else {
            fail(context: context, "missing or wrong Sec-WebSocket-Accept")
            return false
        }
        connection = WSConnection(configuration: .init(role: .client, limits: limits))
        opened.succeed()
        return true
    }

    private func receiveFrames(context: ChannelHandlerContext) {
        guard var connection else { return }
        let actions = connection.receive(&pending)
        self.connection = connection
        pending.discardReadBytes()
        perform(actions, context: context)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard var connection else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        let actions: [WSConnection.Action]
        switch unwrapOutboundIn(data) {
        case .message(let message): actions = connection.send(message)
        case .close: actions = connection.close()
        }
        self.connection = connection
        perform(actions, context: context)
        promise?.succeed()
    }

    private func perform(_ actions: [WSConnection.Action], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .message(let message): continuation.yield(.message(message))
            case .ping, .pong: break
            case .peerClosed: break
            case .failed(let error): end("\(error)")
            case .write(let bytes): context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
            case .startCloseTimer(let delay):
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .nanoseconds(delay.nanoseconds)) {
                    bound.value.0.closeTimerFired(context: bound.value.1)
                }
            case .closeTransport: context.close(promise: nil)
            }
        }
    }

    private func closeTimerFired(context: ChannelHandlerContext) {
        guard var connection else { return }
        let actions = connection.closeTimerFired()
        self.connection = connection
        perform(actions, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection?.transportClosed()
        opened.fail(ChannelError.eof)
        end(nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, "\(error)")
    }

    private func fail(context: ChannelHandlerContext, _ detail: String) {
        opened.fail(HandshakeRefused(detail: detail))
        end(detail)
        context.close(promise: nil)
    }

    private func end(_ detail: String?) {
        guard !finished else { return }
        finished = true
        continuation.yield(.closed(detail))
        continuation.finish()
    }

    /// The offset of the `\r\n\r\n` ending the head, if present.
    private static func headEnd(_ view: ByteBufferView) -> Int? {
        var index = view.startIndex
        while index + 3 < view.endIndex {
            if view[index] == 13, view[index + 1] == 10, view[index + 2] == 13, view[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }
}

/// The server did not accept the WebSocket.
private struct HandshakeRefused: Error, CustomStringConvertible {
    let detail: String
    var description: String { detail }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
