// ws-echo-server --port P: a WebSocket echo server with permessage-deflate, for Autobahn and manual tests.
import NIOCore
import NIOPosix
import WSFraming

#if canImport(Glibc)
import Glibc
#endif

var port = 9001
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--port":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), (0...65_535).contains(value) else {
            print("usage: ws-echo-server --port P")
            exit(2)
        }
        port = value
    default:
        print("usage: ws-echo-server --port P")
        exit(2)
    }
}

let configuration = WSEchoConfiguration.autobahn
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let bootstrap = ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 256)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(WSEchoHandler(configuration: configuration))
        }
    }

do {
    let channel = try bootstrap.bind(host: "127.0.0.1", port: port).wait()
    print("listening on 127.0.0.1:\(channel.localAddress?.port ?? port)")
    fflush(nil)
    try channel.closeFuture.wait()
} catch {
    print("ws-echo-server: \(error)")
    exit(1)
}
