import EngineParser
import Logging
import NIOCore
import SIOParser
import SIOParserNIO
import Transports

/// The Socket.IO side of one Engine.IO connection (the reference's `Client`): it decodes packets, connects
/// namespaces, and routes each packet to its namespace's socket. Loop-confined to the session's event loop.
final class SocketIOConnection: @unchecked Sendable {
    /// The Engine.IO session.
    let session: EngineSession
    /// The server.
    unowned let server: SocketIOServer
    /// A binary packet waiting for its attachments (nil otherwise: text packets decode with no stored state, so an
    /// idle connection keeps no decoder).
    var pendingBinary: PendingBinaryPacket?
    /// The first connected namespace's socket (nearly every connection has exactly one).
    var firstSocket: Socket?
    /// The sockets of further namespaces.
    var moreSockets: [Socket] = []
    /// Namespaces whose CONNECT is being processed (middleware running).
    /// (nil when none: an emptied array would keep its storage for the connection's life).
    var connecting: [String]?
    /// Closes the connection if no namespace is joined in time.
    var connectTimer: Scheduled<Void>?
    /// Whether the engine session closed.
    var isClosed = false

    init(session: EngineSession, server: SocketIOServer) {
        self.session = session
        self.server = server
    }

    /// Every connected socket.
    var sockets: [Socket] {
        guard let firstSocket else { return moreSockets }
        return [firstSocket] + moreSockets
    }

    /// The socket connected to the namespace a packet names.
    func socket(for packet: SIOPacket<ByteBufferView>) -> Socket? {
        if let firstSocket, packet.namespaceEquals(firstSocket.namespace.name) { return firstSocket }
        return moreSockets.first { packet.namespaceEquals($0.namespace.name) }
    }

    /// Whether the client speaks Socket.IO protocol v4 (an Engine.IO v3 client: socket.io 2.x).
    var isProtocolV4: Bool { session.protocolVersion == .v3 }

    /// Starts the connect timeout; a protocol v4 client is connected to `/` at once, as the reference does (those
    /// clients never send a CONNECT for the main namespace).
    func start() {
        if isProtocolV4 {
            connecting = ["/"]
            server.connect(self, namespace: "/", auth: nil)
            return
        }
        let timeout = server.options.connectTimeout
        connectTimer = session.eventLoop.scheduleTask(in: timeout) { [self] in
            connectTimer = nil
            guard firstSocket == nil, !isClosed else { return }
            server.logger.debug("no namespace joined in time", metadata: ["sid": "\(session.id)"])
            session.close()
        }
    }

    /// Takes one Engine.IO message.
    func receive(_ message: EngineMessage) {
        let result: SIODecodeResult<ByteBufferView>
        do {
            if let pendingBinary {
                switch message {
                case .text(let buffer): result = try pendingBinary.decoder.receive(text: buffer.readableBytesView)
                case .binary(let buffer): result = try pendingBinary.decoder.receive(binary: buffer.readableBytesView)
                }
                if case .packet = result { self.pendingBinary = nil }
            } else {
                var decoder = SIOPacketDecoder<ByteBufferView>(options: server.packetOptions(for: session))
                switch message {
                case .text(let buffer): result = try decoder.receive(text: buffer.readableBytesView)
                case .binary(let buffer): result = try decoder.receive(binary: buffer.readableBytesView)
                }
                if case .needsAttachments = result { pendingBinary = PendingBinaryPacket(decoder) }
            }
        } catch {
            pendingBinary = nil
            // The reference closes the connection on any packet it cannot decode.
            server.logger.debug("undecodable packet", metadata: ["sid": "\(session.id)", "error": "\(error)"])
            for socket in sockets { socket.reportError(error) }
            session.close(reason: .parseError.with(detail: "\(error)"))
            return
        }
        guard case .packet(let packet) = result else { return }
        route(packet)
    }

    /// Routes a complete packet.
    func route(_ packet: SIOPacket<ByteBufferView>) {
        let socket = socket(for: packet)
        switch packet.type {
        case .connect:
            let name = packet.namespace
            guard socket == nil, connecting?.contains(name) != true else {
                return protocolViolation("CONNECT to \(name), which is already connected")
            }
            connecting = (connecting ?? []) + [name]
            let auth = isProtocolV4 ? Self.legacyAuth(packet) : packet.decodedPayload()
            server.connect(self, namespace: name, auth: auth)
        case .disconnect:
            // The reference calls a DISCONNECT for a namespace that is not connected an invalid state.
            guard let socket else {
                return protocolViolation("DISCONNECT from \(packet.namespace), which is not connected")
            }
            socket.handleClose(.clientNamespaceDisconnect)
        case .event, .binaryEvent, .ack, .binaryAck:
            guard let socket else { return protocolViolation("packet for \(packet.namespace), which is not connected") }
            socket.handlePacket(packet)
        default:
            protocolViolation("a \(packet.type) packet from a client")
        }
    }

    /// A v2 client's auth: the query of its CONNECT (`40/chat?token=abc,`) as an object of strings, as the
    /// reference reads it.
    static func legacyAuth(_ packet: SIOPacket<ByteBufferView>) -> JSONValue {
        guard let query = packet.query else { return .object([:]) }
        var auth = JSONObject()
        let pairs = EngineQuery.parse("?" + String(decoding: query, as: UTF8.self))
        for (name, value) in pairs.sorted(by: { $0.key < $1.key }) {
            auth[name] = .string(value)
        }
        return .object(auth)
    }

    /// The client broke the protocol (the reference calls this an invalid state): close the connection.
    func protocolViolation(_ detail: String) {
        server.logger.debug("protocol violation", metadata: ["sid": "\(session.id)", "detail": "\(detail)"])
        session.close(reason: .parseError.with(detail: detail))
    }

    /// A namespace accepted the connection.
    func added(_ socket: Socket) {
        connectFinished(socket.namespace.name)
        if firstSocket == nil { firstSocket = socket } else { moreSockets.append(socket) }
        connectTimer?.cancel()
        connectTimer = nil
    }

    /// A namespace refused the connection, or it was abandoned.
    func connectFinished(_ namespace: String) {
        connecting?.removeAll { $0 == namespace }
        if connecting?.isEmpty == true { connecting = nil }
    }

    /// A socket left.
    func remove(_ socket: Socket) {
        if firstSocket === socket {
            firstSocket = moreSockets.isEmpty ? nil : moreSockets.removeFirst()
        } else {
            moreSockets.removeAll { $0 === socket }
        }
    }

    /// Writes an encoded packet: text first, then its attachments; a volatile one is dropped when the transport
    /// cannot take it now.
    func write(_ packet: SIOEncodedPacket, volatile: Bool, compress: Bool) {
        guard !isClosed else { return }
        if volatile, !session.canWriteNow { return }
        session.send(packet.text, compress: compress)
        for attachment in packet.attachments { session.send(attachment, compress: compress) }
    }

    /// Disconnects every socket (each gets DISCONNECT), then closes the engine if asked.
    func disconnectAll(closeEngine: Bool) {
        let current = sockets
        for socket in current {
            if let packet = try? SIOEncodedPacket.control(.disconnect, namespace: socket.namespace.name) {
                write(packet, volatile: false, compress: true)
            }
            socket.handleClose(.serverNamespaceDisconnect)
        }
        if closeEngine { session.close() }
    }

    /// The engine session closed: every socket leaves with the matching reason.
    func closed(_ reason: EngineCloseReason) {
        isClosed = true
        connectTimer?.cancel()
        connectTimer = nil
        pendingBinary = nil
        let mapped = DisconnectReason(reason)
        for socket in sockets { socket.handleClose(mapped) }
        firstSocket = nil
        moreSockets = []
    }
}

extension DisconnectReason {
    /// The reason a socket reports when its Engine.IO connection closed for `reason`.
    init(_ reason: EngineCloseReason) {
        switch reason {
        case .transportClose: self = .transportClose
        case .pingTimeout: self = .pingTimeout
        case .parseError: self = .parseError
        case .forcedClose: self = .forcedClose
        case .serverShuttingDown: self = .serverShuttingDown
        case .sendQueueOverflow: self = .forcedServerClose
        default: self = .transportError
        }
    }
}

/// The decoder of a binary packet whose attachments are still arriving, boxed so that a connection without one
/// stores a single nil reference.
final class PendingBinaryPacket {
    var decoder: SIOPacketDecoder<ByteBufferView>

    init(_ decoder: SIOPacketDecoder<ByteBufferView>) {
        self.decoder = decoder
    }
}
