import NIOCore
import NIOHTTP1
import WSFraming

/// `EngineServer`'s `EngineWebSocketUpgrade`: a validated upgrade request waiting for the endpoint's decision.
///
/// Both methods hop to `eventLoop`; the handshake and the connection handler are touched only there.
final class ServerWebSocketUpgrade: EngineWebSocketUpgrade, @unchecked Sendable {
    let eventLoop: any EventLoop
    private let handler: NIOLoopBound<HTTPConnectionHandler>
    /// The validated request.
    let handshake: WSHandshake

    init(eventLoop: any EventLoop, handler: HTTPConnectionHandler, handshake: WSHandshake) {
        self.eventLoop = eventLoop
        self.handler = NIOLoopBound(handler, eventLoop: eventLoop)
        self.handshake = handshake
    }

    func accept(
        headers: HTTPHeaders, deflate: EnginePerMessageDeflate?, limits: WSLimits,
        _ completion: @escaping @Sendable ((any EngineWebSocketTransport)?) -> Void
    ) {
        eventLoop.execute { [self] in
            handler.value.acceptUpgrade(self, headers: headers, deflate: deflate, limits: limits, completion)
        }
    }

    func reject(status: HTTPResponseStatus, body: String) {
        eventLoop.execute { [self] in
            handler.value.rejectUpgrade(self, status: status, body: body)
        }
    }
}
