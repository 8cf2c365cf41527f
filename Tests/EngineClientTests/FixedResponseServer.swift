// A fake server that answers every connection with the same bytes (once it has read a request head), for the
// client's checks of bad WebSocket upgrades.
import NIOCore
import NIOPosix

/// Answers every request with `response` and keeps the connection open.
struct FixedResponseServer {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    static func start(response: String) async throws -> FixedResponseServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FixedResponder(response: response))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FixedResponseServer(channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }
}

private final class FixedResponder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let response: String
    private var answered = false

    init(response: String) { self.response = response }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        answered = true
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response)), promise: nil)
    }
}
