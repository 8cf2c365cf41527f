import NIOCore
import NIOHTTP1
import WSFraming

extension HTTPConnectionHandler {
    /// A request with `Upgrade`: a valid WebSocket handshake at the engine path waits for the service; anything
    /// else is answered and the connection closed (the decoder stops parsing after an upgrade request).
    func routeUpgrade(
        _ head: HTTPRequestHead, request: EngineRequestHead, isEngine: Bool, context: ChannelHandlerContext
    ) {
        state = .closing
        guard isEngine else {
            write(status: .notFound, headers: [:], body: nil, version: head.version, keepAlive: false, context: context)
            return
        }
        let fields = head.headers.map { WSHeaderField(name: $0.name, value: $0.value) }
        let handshake: WSHandshake
        do throws(WSHandshakeError) {
            handshake = try WSHandshake(method: head.method.rawValue, target: head.uri, headers: fields)
        } catch {
            var headers = HTTPHeaders()
            for field in error.responseHeaders { headers.add(name: field.name, value: field.value) }
            write(
                status: HTTPResponseStatus(statusCode: error.status), headers: headers, body: nil,
                version: head.version, keepAlive: false, context: context
            )
            return
        }
        let upgrade = ServerWebSocketUpgrade(eventLoop: context.eventLoop, handler: self, handshake: handshake)
        state = .upgrading(upgrade, head: request, ended: false)
    }

    /// The service accepted: answer 101, swap the HTTP handlers for one WebSocket handler, hand it over.
    func acceptUpgrade(
        _ upgrade: ServerWebSocketUpgrade, headers: HTTPHeaders, deflate: EnginePerMessageDeflate?, limits: WSLimits,
        _ completion: @Sendable ((any EngineWebSocketTransport)?) -> Void
    ) {
        guard case .upgrading(let current, _, _) = state, current === upgrade, let context, context.channel.isActive
        else { return completion(nil) }
        state = .closing
        var codec: PerMessageDeflate?
        var extensions: String?
        let offers = upgrade.handshake.extensionOffers
        if let deflate, !offers.isEmpty {
            var options = deflate.options
            options.threshold = deflate.threshold
            let negotiator = PerMessageDeflateNegotiator(options: options)
            do {
                if let parameters = try negotiator.negotiate(header: offers.joined(separator: ", ")) {
                    codec = try negotiator.makeServerCodec(parameters)
                    extensions = parameters.headerValue
                }
            } catch {
                write(
                    status: .badRequest, headers: [:], body: nil, version: .http1_1, keepAlive: false, context: context
                )
                return completion(nil)
            }
        }
        var response = "HTTP/1.1 101 Switching Protocols\r\n"
        for field in upgrade.handshake.responseHeaders(extensions: extensions) {
            response += "\(field.name): \(field.value)\r\n"
        }
        for header in headers where Self.isSafe(header.name) && Self.isSafe(header.value) {
            response += "\(header.name): \(header.value)\r\n"
        }
        response += "\r\n"

        let configuration = WSConnection.Configuration(role: .server, limits: limits, codec: codec)
        let transport =
            if let registry = self.configuration.registry {
                WebSocketTransportHandler(home: registry.loop(context.eventLoop), configuration: configuration)
            } else {
                WebSocketTransportHandler(eventLoop: context.eventLoop, configuration: configuration)
            }
        let pipeline = context.pipeline.syncOperations
        do {
            try pipeline.addHandler(transport, position: .last)
            pipeline.removeHandler(encoder, promise: nil)
            pipeline.removeHandler(connectionGuard, promise: nil)
            pipeline.removeHandler(context: context, promise: nil)
            transport.writeHandshakeResponse(response)
            // The decoder forwards any bytes after the request head (early frames) to the transport.
            pipeline.removeHandler(decoder, promise: nil)
        } catch {
            codec?.close()
            context.close(promise: nil)
            return completion(nil)
        }
        completion(transport)
    }

    /// The service refused: its status and a text/html body, then close (the reference's `abortUpgrade`).
    func rejectUpgrade(_ upgrade: ServerWebSocketUpgrade, status: HTTPResponseStatus, body: String) {
        guard case .upgrading(let current, let head, _) = state, current === upgrade, let context else { return }
        state = .closing
        _ = head
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "text/html")
        write(
            status: status, headers: headers, body: context.channel.allocator.buffer(string: body), version: .http1_1,
            keepAlive: false, context: context
        )
    }

    /// Whether a header name or value can go into the raw 101 head (no line breaks).
    private static func isSafe(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }
    }
}
