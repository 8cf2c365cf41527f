import Adapters
import NIOCore
public import SIOParser
public import SIOParserNIO

extension Socket {
    /// Sends `event` with Codable arguments to this client (binary values travel as attachments).
    public func emit<each T: Encodable>(_ event: String, _ values: repeat each T) throws {
        try SocketEmitter(socket: self).emit(event, repeat each values)
    }

    /// Sends `event` with arguments already encoded (a JSON array `["event", ...]` and its attachments).
    public func emit(encoded arguments: EncodedArguments) throws {
        try SocketEmitter(socket: self).emit(encoded: arguments)
    }

    /// Sends `event` and waits for the client's acknowledgement (no timeout: see `timeout(_:)`).
    public func emitWithAck<each T: Encodable>(_ event: String, _ values: repeat each T) async throws -> SIOArguments {
        try await SocketEmitter(socket: self).emitWithAck(event, repeat each values)
    }

    /// Sends an already encoded `["event", ...]` array and waits for the client's acknowledgement.
    public func emitWithAck(encoded arguments: EncodedArguments) async throws -> SIOArguments {
        try await SocketEmitter(socket: self).emitWithAck(encoded: arguments)
    }

    /// Emits with the volatile flag: dropped if the transport cannot take the packet now.
    public var volatile: SocketEmitter { SocketEmitter(socket: self).volatile }

    /// Emits with or without compression.
    public func compress(_ compress: Bool) -> SocketEmitter { SocketEmitter(socket: self).compress(compress) }

    /// Emits with acknowledgements that fail with `SocketIOError.ackTimeout` after `timeout`.
    public func timeout(_ timeout: Duration) -> SocketEmitter { SocketEmitter(socket: self).timeout(timeout) }

    /// Sends an ACK for `id`.
    func sendAck(id: UInt64, arguments: EncodedArguments) {
        do {
            let packet = try SIOEncodedPacket.ack(namespace: namespace.name, arguments: arguments, ackID: id)
            write(packet, volatile: false, compress: true)
        } catch {
            reportError(SocketIOError.encodingFailed.with("ack \(id): \(error)"))
        }
    }

    /// Sends an ACK for `id` carrying received arguments without attachments, encoded into the frame in place.
    func sendAck(id: UInt64, echoing arguments: SIOArguments) {
        do {
            let packet = try SIOEncodedPacket.ack(namespace: namespace.name, echoing: arguments, ackID: id)
            write(packet, volatile: false, compress: true)
        } catch {
            reportError(SocketIOError.encodingFailed.with("ack \(id): \(error)"))
        }
    }

    /// Writes an encoded packet on the socket's loop (dropped once the socket has left).
    func write(_ packet: SIOEncodedPacket, volatile: Bool, compress: Bool) {
        // On the loop (every ack, every emit from a synchronous handler) no closure is allocated.
        guard eventLoop.inEventLoop else {
            return eventLoop.execute { [self] in write(packet, volatile: volatile, compress: compress) }
        }
        if isClosed { return }
        connection.write(packet, volatile: volatile, compress: compress)
    }

    /// Encodes an event asking for an acknowledgement, then registers it and writes it on the socket's loop.
    func sendExpectingAck(
        _ arguments: EncodedArguments, flags: BroadcastFlags,
        callback: @escaping @Sendable (Result<SIOArguments, SocketIOError>) -> Void
    ) {
        let id = namespace.allocateAckID()
        let packet: SIOEncodedPacket
        do {
            packet = try SIOEncodedPacket.event(namespace: namespace.name, arguments: arguments, ackID: id)
        } catch {
            callback(.failure(.encodingFailed.with("\(error)")))
            return
        }
        onLoop { [self] in writeExpectingAck(packet, id: id, flags: flags, callback: callback) }
    }

    /// Registers acknowledgement `id` (with its timeout) and writes `packet`; on the socket's loop.
    func writeExpectingAck(
        _ packet: SIOEncodedPacket, id: UInt64, flags: BroadcastFlags,
        callback: @escaping @Sendable (Result<SIOArguments, SocketIOError>) -> Void
    ) {
        guard !isClosed else { return callback(.failure(.disconnected)) }
        let timer = flags.timeout.map { timeout in
            eventLoop.scheduleTask(in: TimeAmount(timeout)) { [self] () -> Void in
                pendingAcks.removeValue(forKey: id)?.callback(.failure(.ackTimeout))
            }
        }
        pendingAcks[id] = PendingAck(callback: callback, timer: timer)
        connection.write(packet, volatile: flags.volatile, compress: flags.compress)
    }

    /// Tells the `onAnyOutgoing` listeners about an event about to be sent; on the socket's loop.
    func notifyOutgoing(_ arguments: EncodedArguments) {
        onLoop { [self] in
            guard !anyOutgoingListeners.isEmpty,
                case .array(let values)? = try? JSONValue(parsing: arguments.json), let name = values.first?.stringValue
            else { return }
            let rest = SIOArguments(Array(values.dropFirst()))
            for listener in anyOutgoingListeners { listener.body(self, name, rest) }
        }
    }
}

extension TimeAmount {
    /// The same span as a `Duration`, in nanoseconds (clamped to what `TimeAmount` holds).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let nanos = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = .nanoseconds(nanos.overflow ? Int64.max : nanos.partialValue &+ attoseconds / 1_000_000_000)
    }
}
