import Adapters
import Logging
import NIOCore
import SIOParser
import SIOParserNIO
import Transports

extension Namespace {
    /// Connects `connection` to this namespace (a CONNECT arrived); runs on the connection's loop.
    ///
    /// Without middleware and without recovery the socket is accepted at once, on the loop; otherwise a task runs
    /// the recovery lookup and the middleware, and the socket is accepted (or refused) back on the loop.
    func add(_ connection: SocketIOConnection, auth: JSONValue?) {
        let auth = auth ?? .object([:])
        let recovery = server.options.connectionStateRecovery
        let registrations = registrations
        if recovery == nil, registrations.middlewares.isEmpty, let adapter = adapter as? SynchronousBroadcastAdapter {
            let socket = Socket(
                id: newSocketID(connection), namespace: self, connection: connection, auth: auth, pid: nil,
                recovered: false)
            adapter.addAllNow(socket.id, rooms: [])
            accept(socket, connection: connection, missed: [], registrations: registrations)
            return
        }
        Task {
            var restored: RestoredSession?
            if let recovery, case .string(let pid)? = auth["pid"], case .string(let offset)? = auth["offset"] {
                restored = await adapter.restoreSession(pid: pid, offset: offset)
                _ = recovery
            }
            let socket: Socket
            if let restored {
                socket = Socket(
                    id: restored.session.id, namespace: self, connection: connection, auth: auth,
                    pid: restored.session.pid, recovered: true, data: restored.session.data,
                    rooms: restored.session.rooms)
            } else {
                socket = Socket(
                    id: newSocketID(connection), namespace: self, connection: connection, auth: auth,
                    pid: recovery == nil ? nil : Self.privateSessionID(), recovered: false)
            }
            if restored == nil || recovery?.skipMiddlewares == false {
                do {
                    for middleware in registrations.middlewares { try await middleware(socket) }
                } catch {
                    // As the reference's cleanup: rooms joined by middleware must not keep the refused socket.
                    socket.leaveAllRooms()
                    await adapter.deleteAll(socket.id)
                    refuse(connection, error: error)
                    return
                }
            }
            // A restored socket rejoins its rooms before the CONNECT answer, so no broadcast to them is missed.
            await adapter.addAll(socket.id, rooms: restored?.session.rooms ?? [])
            let missed = restored?.missedPackets ?? []
            connection.session.eventLoop.execute { [self] in
                accept(socket, connection: connection, missed: missed, registrations: registrations)
            }
        }
    }

    /// A fresh socket id; a v2 client's is derived from its Engine.IO id (`id`, or `/nsp#id`), as the reference's.
    func newSocketID(_ connection: SocketIOConnection) -> SocketID {
        guard connection.isProtocolV4 else { return EngineSessionID.random() }
        return name == "/" ? connection.session.id : name + "#" + connection.session.id
    }

    /// A private session id: it lets its holder take the session over, so it is longer than a socket id
    /// (180 random bits).
    static func privateSessionID() -> PrivateSessionID {
        EngineSessionID.random() + EngineSessionID.random()
    }

    /// Middleware refused the connection: CONNECT_ERROR `{message, data}` (a v2 client gets the data, or else
    /// the message, as the reference sends it); the Engine.IO connection stays open.
    func refuse(_ connection: SocketIOConnection, error: any Error) {
        let message: String
        let data: JSONValue?
        if let refusal = error as? SocketConnectError {
            message = refusal.message
            data = refusal.data
        } else {
            message = "\(error)"
            data = nil
        }
        let name = name
        connection.session.eventLoop.execute {
            connection.connectFinished(name)
            if connection.isProtocolV4 {
                let encoder = SIOPacketEncoder(options: SIOPacketOptions(version: .v4))
                var text: [UInt8] = []
                if (try? encoder.encode(.connectError, namespace: name, payload: data ?? .string(message), into: &text))
                    == nil
                {
                    text = []
                    _ = try? encoder.encode(.connectError, namespace: name, payload: .string(message), into: &text)
                }
                connection.write(SIOEncodedPacket(text: .text(utf8: text)), volatile: false, compress: true)
                return
            }
            do {
                let packet = try SIOEncodedPacket.connectError(namespace: name, message: message, data: data)
                connection.write(packet, volatile: false, compress: true)
            } catch {
                let fallback = try? SIOEncodedPacket.connectError(namespace: name, message: message)
                if let fallback { connection.write(fallback, volatile: false, compress: true) }
            }
        }
    }

    /// Lists the socket, answers CONNECT, replays missed packets, then runs the `connection` handlers; on the loop.
    func accept(
        _ socket: Socket, connection: SocketIOConnection, missed: [BroadcastPacket],
        registrations: NamespaceSetup.Registrations
    ) {
        guard !connection.isClosed else {
            connection.connectFinished(name)
            socket.leaveAllRooms()
            let adapter = adapter
            Task { await adapter.deleteAll(socket.id) }
            return
        }
        insert(socket)
        connection.added(socket)
        var answer: JSONObject = ["sid": .string(socket.id)]
        if let pid = socket.pid { answer["pid"] = .string(pid) }
        // Protocol v4 (socket.io 2.x clients) answers CONNECT without a payload.
        let payload: JSONValue? = connection.isProtocolV4 ? nil : .object(answer)
        if let packet = try? SIOEncodedPacket.control(.connect, namespace: name, payload: payload) {
            connection.write(packet, volatile: false, compress: true)
        }
        for packet in missed {
            if let encoded = try? SIOEncodedPacket.event(namespace: name, arguments: packet.arguments) {
                connection.write(encoded, volatile: false, compress: true)
            }
        }
        var pending: [@Sendable (Socket) async throws -> Void] = []
        for handler in registrations.connectionHandlers {
            switch handler {
            case .sync(let body): body(socket)
            case .async(let body): pending.append(body)
            }
        }
        guard !pending.isEmpty else {
            socket.finishOpening()
            return
        }
        Task {
            for body in pending {
                do {
                    try await body(socket)
                } catch {
                    socket.reportError(SocketIOError.handlerFailed.with("connection handler: \(error)"))
                }
            }
            socket.onLoop { socket.finishOpening() }
        }
    }
}
