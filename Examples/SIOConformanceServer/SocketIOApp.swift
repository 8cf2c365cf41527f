import Adapters
import Logging
import SIOParser
import SIOParserNIO
import SocketIO

/// The `/socket.io/` app the official socket.io-protocol suite and the load generator expect.
///
/// Handlers are registered once per namespace (not per socket), so an idle client costs no handler storage.
enum SocketIOApp {
    /// The answer to `join`.
    struct RoomSize: Encodable {
        let room: String
        let size: Int
    }

    /// A server with the app on `/` and `/custom`.
    static func make(options: SocketIOServerOptions, logger: Logger) -> SocketIOServer {
        let io = SocketIOServer(options: options, logger: logger)
        for namespace in [io.sockets, io.of("/custom")] {
            namespace.onConnection { socket in
                try? socket.emit("auth", socket.handshake.auth)
            }
            namespace.on("message") { (socket: Socket, arguments: SIOArguments, _: SocketAck?) in
                try? socket.emit(encoded: arguments.encodedEvent("message-back"))
            }
            namespace.on("message-with-ack") { (_: Socket, arguments: SIOArguments, ack: SocketAck?) in
                ack?.send(arguments: arguments)
            }
        }
        let main = io.sockets
        // With the in-memory adapter, join and leave complete on the socket's loop without a task (a task per join
        // would cost every one of 10,000 joining clients a trip through the global executor).
        main.on("join") { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) in
            guard let room = try? arguments.decode(String.self, at: 0) else { return }
            if socket.joinNow(room), let size = socket.namespace.countNow(in: [room]) {
                ack?(RoomSize(room: room, size: size))
            } else {
                Task {
                    await socket.join(room)
                    ack?(RoomSize(room: room, size: await socket.namespace.count(in: [room])))
                }
            }
        }
        main.on("leave") { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) in
            guard let room = try? arguments.decode(String.self, at: 0) else { return }
            Task {
                await socket.leave(room)
                ack?(room)
            }
        }
        // Synchronous on the sender's loop: the broadcast is encoded once and delivered without a task.
        main.on("broadcast") { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) in
            guard let room = try? arguments.decode(String.self, at: 0) else { return }
            try? socket.namespace.to(room).emit(encoded: arguments.encodedEvent("broadcast", droppingFirst: 1))
            if let size = socket.namespace.countNow(in: [room]) {
                ack?(size)
            } else {
                Task { ack?(await socket.namespace.count(in: [room])) }
            }
        }
        main.on("server-ack") { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) async throws in
            let answer = try await socket.emitWithAck(encoded: arguments.encodedEvent("server-ack"))
            ack?.send(arguments: answer)
        }
        return io
    }
}
