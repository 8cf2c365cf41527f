// A fake Engine.IO server that completes the polling handshake and then holds every GET unanswered (and answers
// POSTs with "ok"): no ping ever arrives, so a client must give up after pingInterval + pingTimeout.
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves the handshake with the given intervals, then stays silent.
struct SilentServer {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    static func start(pingInterval: Int, pingTimeout: Int) async throws -> SilentServer {
        let open = "0{\"sid\":\"silent\",\"upgrades\":[],\"pingInterval\":\(pingInterval),"
            + "\"pingTimeout\":\(pingTimeout),\"maxPayload\":100000}"
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(SilentHandler(open: open))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return SilentServer(channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }
}

private final class SilentHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let open: String
    private var head: HTTPRequestHead?

    init(open: String) { self.open = open }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            if head.method == .POST {
                respond(context: context, "ok")
            } else if !head.uri.contains("sid=") {
                respond(context: context, open)
            }
            // A GET with a sid is never answered.
        }
    }

    private func respond(context: ChannelHandlerContext, _ text: String) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: String(text.utf8.count))
        let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
