import Logging
import NIOCore
import NIOHTTP1
import WSFraming

/// Serves one HTTP/1.1 connection: routes each request to the engine service or the fallback, writes responses
/// with keep-alive, and hands WebSocket upgrades to the service. One request at a time; a pipelined request closes
/// the connection (no browser or Engine.IO client pipelines).
final class HTTPConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    enum State {
        /// Waiting for a request head.
        case idle
        /// A request at the engine path; `keepAlive` is what the client asked for.
        case engine(ServerHTTPExchange, keepAlive: Bool)
        /// A request for the fallback.
        case fallback(FallbackRequest)
        /// A WebSocket upgrade at the engine path; `ended` once the request's end arrived.
        case upgrading(ServerWebSocketUpgrade, head: EngineRequestHead, ended: Bool)
        /// A response that closes the connection is on its way, or the connection is gone: input is ignored.
        case closing
    }

    let configuration: HTTPServerConfiguration
    /// The timers and head limits in front of the decoder.
    let connectionGuard: HTTPConnectionGuard
    /// The HTTP codec, removed on upgrade.
    let encoder: HTTPResponseEncoder
    let decoder: ByteToMessageHandler<HTTPRequestDecoder>
    var state = State.idle
    var context: ChannelHandlerContext?
    /// A read NIO asked for while the body waits for `readBody`.
    private var pendingRead = false
    /// Numbers requests so a late fallback answer for a finished request is dropped.
    private var requestNumber = 0
    /// The request in progress is a HEAD: its response carries Content-Length but no body.
    private var isHeadRequest = false

    init(
        configuration: HTTPServerConfiguration, connectionGuard: HTTPConnectionGuard, encoder: HTTPResponseEncoder,
        decoder: ByteToMessageHandler<HTTPRequestDecoder>
    ) {
        self.configuration = configuration
        self.connectionGuard = connectionGuard
        self.encoder = encoder
        self.decoder = decoder
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            switch state {
            case .idle:
                break
            case .closing:
                // The last response is on its way and the connection closes after it.
                return
            case .engine, .fallback, .upgrading:
                // A pipelined request: stop here (channelInactive aborts the request in progress).
                context.close(promise: nil)
                return
            }
            connectionGuard.headReceived()
            requestNumber &+= 1
            isHeadRequest = head.method == .HEAD
            route(head, context: context)
        case .body(let bytes):
            receivedBody(bytes, context: context)
        case .end:
            receivedEnd(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let previous = state
        state = .closing
        switch previous {
        case .engine(let exchange, _):
            exchange.abort()
        case .idle, .fallback, .upgrading, .closing:
            break
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let idle: Bool
        switch state {
        case .idle: idle = true
        case .engine, .fallback, .upgrading, .closing: idle = false
        }
        if let parserError = error as? HTTPParserError, idle {
            state = .closing
            connectionGuard.refuse(
                status: parserError == .headerOverflow ? "431 Request Header Fields Too Large" : "400 Bad Request"
            )
        } else {
            // The state stays, so channelInactive aborts a request in progress.
            context.close(promise: nil)
        }
    }

    func read(context: ChannelHandlerContext) {
        if case .engine(let exchange, _) = state, exchange.holdsReads {
            pendingRead = true
            return
        }
        context.read()
    }

    /// The body is wanted now: let a held read through.
    func resumeReads() {
        guard pendingRead, let context else { return }
        pendingRead = false
        context.read()
    }

    // MARK: Routing

    private func route(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let request = EngineRequestHead(
            method: head.method, uri: head.uri, headers: head.headers, remoteAddress: context.channel.remoteAddress
        )
        let isEngine = configuration.service.matches(path: request.path)
        if head.headers.contains(name: "upgrade") {
            routeUpgrade(head, request: request, isEngine: isEngine, context: context)
        } else if isEngine {
            let exchange = ServerHTTPExchange(eventLoop: context.eventLoop, handler: self, head: head)
            state = .engine(exchange, keepAlive: head.isKeepAlive)
            configuration.service.handleRequest(request, exchange: exchange)
        } else {
            let fallback = FallbackRequest(
                number: requestNumber, head: request, version: head.version, keepAlive: head.isKeepAlive,
                limit: configuration.fallbackBodyLimit
            )
            state = .fallback(fallback)
            if fallback.overLimit {
                refuseTooLarge(version: head.version, context: context)
            } else if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                writeContinue(version: head.version)
            }
        }
    }

    private func receivedBody(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
        switch state {
        case .engine(let exchange, _):
            exchange.received(bytes)
        case .fallback(let fallback):
            fallback.received(bytes)
            if fallback.overLimit { refuseTooLarge(version: fallback.version, context: context) }
        case .idle, .upgrading, .closing:
            break
        }
    }

    private func receivedEnd(context: ChannelHandlerContext) {
        switch state {
        case .engine(let exchange, _):
            exchange.receivedEnd()
            if exchange.responded { finishRequest() }
        case .fallback(let fallback):
            fallback.ended = true
            runFallback(fallback, context: context)
        case .upgrading(let upgrade, let head, let ended):
            guard !ended else { return }
            state = .upgrading(upgrade, head: head, ended: true)
            configuration.service.handleUpgrade(head, upgrade: upgrade)
        case .idle, .closing:
            break
        }
    }

    /// The request and its response are complete and the connection stays: wait for the next request.
    private func finishRequest() {
        state = .idle
        connectionGuard.requestFinished()
    }

    // MARK: Responses

    /// The endpoint's response to an engine request.
    func respond(_ exchange: ServerHTTPExchange, status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer?) {
        guard case .engine(let current, let keepAlive) = state, current === exchange, let context else { return }
        // Unread body bytes would be taken for the next request: close instead of draining them.
        let closes = !keepAlive || (!exchange.ended && exchange.expectsBody)
        write(
            status: status, headers: headers, body: body, version: exchange.version, keepAlive: !closes,
            context: context
        )
        if closes {
            state = .closing
        } else if exchange.ended {
            finishRequest()
        }
    }

    /// Writes a whole response with Content-Length; closes after it unless `keepAlive`.
    func write(
        status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer?, version: HTTPVersion, keepAlive: Bool,
        context: ChannelHandlerContext
    ) {
        var headers = headers
        headers.remove(name: "transfer-encoding")
        headers.replaceOrAdd(name: "content-length", value: String(body?.readableBytes ?? 0))
        if !keepAlive {
            headers.replaceOrAdd(name: "connection", value: "close")
        } else if version == .http1_0 {
            headers.replaceOrAdd(name: "connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(version: version, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body, body.readableBytes > 0, !isHeadRequest {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    /// Tells a client that sent `Expect: 100-continue` to send its body.
    func writeContinue(version: HTTPVersion) {
        guard let context else { return }
        let head = HTTPResponseHead(version: version, status: .continue)
        context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
    }

    private func refuseTooLarge(version: HTTPVersion, context: ChannelHandlerContext) {
        state = .closing
        write(status: .payloadTooLarge, headers: [:], body: nil, version: version, keepAlive: false, context: context)
    }

    // MARK: Fallback

    private func runFallback(_ fallback: FallbackRequest, context: ChannelHandlerContext) {
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let service = configuration.fallback
        let head = fallback.head
        let body = fallback.body
        let number = fallback.number
        fallback.body = nil
        Task {
            let response = await service.handle(head, body: body)
            eventLoop.execute { handler.value.fallbackAnswered(number, response) }
        }
    }

    private func fallbackAnswered(_ number: Int, _ response: EngineHTTPResponse) {
        guard case .fallback(let fallback) = state, fallback.number == number, let context else { return }
        write(
            status: response.status, headers: response.headers, body: response.body, version: fallback.version,
            keepAlive: fallback.keepAlive, context: context
        )
        if fallback.keepAlive { finishRequest() } else { state = .closing }
    }
}
