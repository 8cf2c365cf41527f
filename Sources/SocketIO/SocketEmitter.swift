public import Adapters
public import SIOParser
public import SIOParserNIO

/// Emits to one socket with flags (`socket.volatile`, `socket.compress(false)`, `socket.timeout(.seconds(5))`).
public struct SocketEmitter: Sendable {
    /// The socket emitted to.
    public let socket: Socket
    /// The flags in force.
    public var flags = BroadcastFlags()

    init(socket: Socket) {
        self.socket = socket
    }

    /// The same emitter, volatile.
    public var volatile: SocketEmitter {
        var copy = self
        copy.flags.volatile = true
        return copy
    }

    /// The same emitter, with or without compression.
    public func compress(_ compress: Bool) -> SocketEmitter {
        var copy = self
        copy.flags.compress = compress
        return copy
    }

    /// The same emitter, with an acknowledgement timeout.
    public func timeout(_ timeout: Duration) -> SocketEmitter {
        var copy = self
        copy.flags.timeout = timeout
        return copy
    }

    /// Sends `event` with Codable arguments.
    public func emit<each T: Encodable>(_ event: String, _ values: repeat each T) throws {
        try emit(encoded: Self.encode(event, repeat each values))
    }

    /// Sends an already encoded `["event", ...]` array.
    public func emit(encoded arguments: EncodedArguments) throws {
        let packet: SIOEncodedPacket
        do {
            packet = try SIOEncodedPacket.event(namespace: socket.namespace.name, arguments: arguments)
        } catch {
            throw SocketIOError.encodingFailed.with("\(error)")
        }
        socket.notifyOutgoing(arguments)
        socket.write(packet, volatile: flags.volatile, compress: flags.compress)
    }

    /// Sends `event` and waits for the acknowledgement (or the timeout, or the disconnection).
    public func emitWithAck<each T: Encodable>(_ event: String, _ values: repeat each T) async throws -> SIOArguments {
        try await emitWithAck(encoded: Self.encode(event, repeat each values))
    }

    /// Sends an already encoded `["event", ...]` array and waits for the acknowledgement.
    public func emitWithAck(encoded arguments: EncodedArguments) async throws -> SIOArguments {
        socket.notifyOutgoing(arguments)
        let flags = flags
        let socket = socket
        return try await withCheckedThrowingContinuation { continuation in
            socket.sendExpectingAck(arguments, flags: flags) { result in continuation.resume(with: result) }
        }
    }

    /// Encodes an event, refusing reserved names.
    static func encode<each T: Encodable>(_ event: String, _ values: repeat each T) throws -> EncodedArguments {
        guard !SIOPacketType.isReservedEventName(event) else {
            throw SocketIOError.reservedEventName.with(event)
        }
        do {
            return try SIOValueEncoder().encodeEvent(event, repeat each values)
        } catch {
            throw SocketIOError.encodingFailed.with("\(event): \(error)")
        }
    }
}
