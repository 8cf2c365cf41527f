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
        main.on("join") { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) async throws in
            let room = try arguments.decode(String.self, at: 0)
            await socket.join(room)
            let size = await socket.namespace.count(in: [room])
            ack?(RoomSize(room: room, size: size))
        }
        main.on("leave") { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) async throws in
            let room = try arguments.decode(String.self, at: 0)
            await socket.leave(room)
            ack?(room)
        }
        // Synchronous on the sender's loop: the broadcast is encoded once and delivered without a task.
        main.on("broadcast") { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) in
            guard let room = try? arguments.decode(String.self, at: 0) else { return }
            try? socket.namespace.to(room).emit(encoded: arguments.encodedEvent("broadcast", droppingFirst: 1))
            if let adapter = socket.namespace.adapter as? SynchronousBroadcastAdapter {
                ack?(adapter.countNow(in: [room]))
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
