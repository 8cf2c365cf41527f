import Adapters
import Logging
import SIOParser
import SocketIO
public import SocketIOApp
import Transports

/// The chat on the application layer: the names the configuration refers to (`signature`, `auth`, `log`, `demo`)
/// and the routes of `ChatController`.
public enum DemoChat {
    /// Registers the chat's middleware, id generator and routes on `app` (before `app.start()`), and its services:
    /// `settings` and the clock `now` (milliseconds since 1970).
    public static func install(
        on app: SocketIOApplication, settings: DemoSettings,
        now: @escaping @Sendable () -> Int64 = DemoSignature.systemMilliseconds
    ) {
        app.services.register(DemoChatServices(settings: settings, now: now))
        let signature = settings.signature(now: now)
        app.register(connectionMiddleware: "signature") { context, next in
            do throws(DemoSignatureRejection) {
                try signature.verify(
                    app: context.query("app"), timestamp: context.query("timestamp"), sign: context.query("sign"))
            } catch {
                context.logger.debug("handshake refused", metadata: ["reason": "\(error.reason)"])
                throw SocketConnectError("signature rejected", data: ["reason": .string(error.reason)])
            }
            try await next()
        }
        let rooms = Set(settings.rooms)
        app.register(connectionMiddleware: "auth") { context, next in
            try await auth(context, next: next, rooms: rooms)
        }
        app.register(packetMiddleware: "log", log)
        app.register(idGenerator: "demo") { _ in randomID() }
        app.namespace("/")
            .route("exchange", to: ChatController.exchange)
            .route("chat", to: ChatController.chat, reply: .emit("chat", toRooms: chatRooms))
            .route(.connection, to: ChatController.connected)
    }

    /// Where a `chat` goes: the sender's room (none when `auth` did not run, so nothing is broadcast).
    @Sendable static func chatRooms(_ context: EventContext) -> [String] {
        let room = DemoPresence.room(of: context.socket)
        return room.isEmpty ? [] : [room]
    }

    /// `auth`: a user id and a configured room are required; the socket joins the room, and once it is gone the
    /// room hears that it left. The join is announced by the `connection` route (`ChatController.connected`), not
    /// here before `next()`: a socket still being accepted is neither listed nor reachable by a broadcast, so the
    /// newcomer would miss its own `online` and the list would lack it.
    static func auth(_ context: ConnectionContext, next: AppNext, rooms: Set<String>) async throws {
        let room = context.query("room") ?? ""
        guard let userId = context.query("userId"), !userId.isEmpty else {
            throw SocketConnectError("userId required", data: ["room": .string(room)])
        }
        guard rooms.contains(room) else {
            throw SocketConnectError("room not found", data: ["room": .string(room)])
        }
        let socket = context.socket
        socket.data = ["userId": .string(userId), "room": .string(room)]
        await socket.join(room)
        try await next()
        do {
            try await DemoPresence.announce(.leave, userId: userId, room: room, in: socket.namespace)
        } catch {
            context.logger.warning("cannot announce a leave", metadata: ["room": "\(room)", "error": "\(error)"])
        }
    }

    /// `log`: each event's name and socket at debug level, then how long its handler took.
    @Sendable static func log(_ context: PacketContext, next: AppNext) async throws {
        let started = ContinuousClock.now
        context.logger.debug("event", metadata: ["event": "\(context.event)", "socket": "\(context.socket.id)"])
        try await next()
        let elapsed = ContinuousClock.now - started
        context.logger.debug(
            "event handled",
            metadata: ["event": "\(context.event)", "socket": "\(context.socket.id)", "duration": "\(elapsed)"])
    }

    /// `demo-` and 16 random URL-safe characters (96 bits from the system's cryptographic generator).
    static func randomID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var generator = SystemRandomNumberGenerator()
        var id = Array("demo-".utf8)
        for _ in 0..<16 { id.append(alphabet[Int(generator.next() % 64)]) }
        return String(decoding: id, as: UTF8.self)
    }
}

/// What the chat's controller needs from the application: its settings and its clock.
public struct DemoChatServices: Sendable {
    /// The settings.
    public let settings: DemoSettings
    /// Milliseconds since 1970.
    public let now: @Sendable () -> Int64
}
