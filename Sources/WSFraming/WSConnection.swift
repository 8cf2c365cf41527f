public import NIOCore

/// The sans-I/O state machine of one WebSocket connection: bytes in, actions out.
///
/// It combines the frame parser, the message assembler (with the optional per-message codec), UTF-8 validation,
/// automatic pongs and the close handshake. The caller performs the actions in order and owns timers and sockets.
public struct WSConnection {
    /// How a connection behaves and what it accepts.
    public struct Configuration {
        /// This endpoint's role.
        public var role: WSRole
        /// Frame, message and fragment limits.
        public var limits: WSLimits
        /// The codec of a negotiated RSV1 extension (permessage-deflate), or nil: then RSV1 is a protocol error.
        public var codec: (any WSMessageCodec)?
        /// How long to wait for the peer to finish the close handshake (see `WSCloseStateMachine.timeout`).
        public var closeTimeout: Duration

        /// A configuration; everything but the role has a documented default.
        public init(
            role: WSRole, limits: WSLimits = WSLimits(), codec: (any WSMessageCodec)? = nil,
            closeTimeout: Duration = .seconds(5)
        ) {
            self.role = role
            self.limits = limits
            self.codec = codec
            self.closeTimeout = closeTimeout
        }
    }

    /// What the caller must do (writes, timers, closing) or may observe (messages, pings, the peer's close).
    public enum Action {
        /// A complete text or binary message.
        case message(WSMessage)
        /// The peer pinged with this payload; the pong is already among the actions.
        case ping(ByteBuffer)
        /// The peer sent a pong (solicited or not) with this payload.
        case pong(ByteBuffer)
        /// The peer's close frame arrived.
        case peerClosed(WSClosePayload)
        /// The connection was failed for this error; the close frame with its code is the next write.
        case failed(WSError)
        /// Write these bytes to the transport.
        case write(ByteBuffer)
        /// Start a timer; when it fires call `closeTimerFired()`.
        case startCloseTimer(Duration)
        /// Close the transport; the connection is over.
        case closeTransport
    }

    // Field order keeps padding out: an idle connection is mostly this struct.
    private var parser: WSFrameParser
    private var assembler: WSMessageAssembler
    private var closer: WSCloseStateMachine
    /// The negotiated per-message codec, or nil (the assembler's; not stored twice: every idle connection carries
    /// this struct).
    public var codec: (any WSMessageCodec)? { assembler.codec }
    /// Allocates outgoing frames (NIO's default unless set).
    public var allocator: ByteBufferAllocator {
        get { customAllocator?.allocator ?? ByteBufferAllocator() }
        set { customAllocator = AllocatorBox(newValue) }
    }
    /// A set allocator, boxed: `ByteBufferAllocator` is four function pointers, and every idle connection carries
    /// this struct while almost all use the default.
    private var customAllocator: AllocatorBox?
    private let encoder: WSFrameEncoder

    /// A connection in the open state (the opening handshake is done).
    public init(configuration: Configuration) {
        parser = WSFrameParser(
            role: configuration.role, limits: configuration.limits, allowsRSV1: configuration.codec != nil
        )
        assembler = WSMessageAssembler(limits: configuration.limits, codec: configuration.codec)
        closer = WSCloseStateMachine(role: configuration.role, timeout: configuration.closeTimeout)
        encoder = WSFrameEncoder(role: configuration.role)
    }

    /// The close handshake's state.
    public var closeState: WSCloseStateMachine.State { closer.state }

    /// Consumes every complete frame at the front of `buffer` and returns the resulting actions.
    ///
    /// An incomplete frame is left in `buffer` for the next call (its text is already UTF-8 checked so far). Once
    /// the connection is closed, input is discarded.
    public mutating func receive(_ buffer: inout ByteBuffer) -> [Action] {
        receive(&buffer, stopAfterMessage: false)
    }

    /// Like `receive`, but returns as soon as a message is complete, so the caller can act on it (an echo, a reply)
    /// before a later frame of the same read fails or closes the connection. Call it until it returns no actions.
    public mutating func receiveNext(_ buffer: inout ByteBuffer) -> [Action] {
        receive(&buffer, stopAfterMessage: true)
    }

    /// `receiveNext` appending to the caller's array: a caller that keeps one array (emptied, its capacity kept)
    /// for every read allocates no action array per message.
    public mutating func receiveNext(_ buffer: inout ByteBuffer, into actions: inout [Action]) {
        receive(&buffer, stopAfterMessage: true, into: &actions)
    }

    private mutating func receive(_ buffer: inout ByteBuffer, stopAfterMessage: Bool) -> [Action] {
        var actions: [Action] = []
        receive(&buffer, stopAfterMessage: stopAfterMessage, into: &actions)
        return actions
    }

    private mutating func receive(_ buffer: inout ByteBuffer, stopAfterMessage: Bool, into actions: inout [Action]) {
        while true {
            switch closer.state {
            case .closed:
                buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                return
            case .open, .closeSent:
                break
            }
            do throws(WSError) {
                guard let frame = try parser.parseStep(&buffer) else {
                    if let header = try parser.peekHeader(buffer) {
                        try assembler.checkLimits(header)
                        let partial = buffer.getSlice(
                            at: buffer.readerIndex + header.headerSize, length: buffer.readableBytes - header.headerSize
                        )
                        if let partial { try assembler.prevalidate(header, partialPayload: partial) }
                    }
                    return
                }
                let delivered = try handle(frame, &actions)
                if delivered && stopAfterMessage { return }
            } catch {
                fail(error, &actions)
                buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                return
            }
        }
    }

    /// Acts on one frame; returns whether it completed a message.
    private mutating func handle(_ frame: WSFrame, _ actions: inout [Action]) throws(WSError) -> Bool {
        switch frame.opcode {
        case .ping:
            if closer.canSendData {
                write(opcode: .pong, payload: frame.payload, &actions)
            }
            actions.append(.ping(frame.payload))
        case .pong:
            actions.append(.pong(frame.payload))
        case .close:
            let payload = try WSClosePayload(parsing: frame.payload)
            actions.append(.peerClosed(payload))
            perform(closer.receivedClose(payload), &actions)
        default:
            if let message = try assembler.push(frame) {
                actions.append(.message(message))
                return true
            }
        }
        return false
    }

    /// Sends a message (compressed through the codec when it chooses to); nothing once closing has begun.
    public mutating func send(_ message: WSMessage) -> [Action] {
        var actions: [Action] = []
        guard closer.canSendData else { return actions }
        if let codec {
            do throws(WSError) {
                if let compressed = try codec.compress(message.payload, allocator: allocator) {
                    write(opcode: message.opcode, rsv1: true, payload: compressed, &actions)
                    return actions
                }
            } catch {
                fail(error, &actions)
                return actions
            }
        }
        write(opcode: message.opcode, payload: message.payload, &actions)
        return actions
    }

    /// Sends a text message.
    public mutating func send(text: String) -> [Action] {
        send(WSMessage(kind: .text, payload: allocator.buffer(string: text)))
    }

    /// Sends a ping (at most 125 bytes of payload are sent; the rest is cut off).
    public mutating func sendPing(_ payload: ByteBuffer) -> [Action] {
        var actions: [Action] = []
        guard closer.canSendData else { return actions }
        let cut = payload.getSlice(at: payload.readerIndex, length: min(payload.readableBytes, 125)) ?? payload
        write(opcode: .ping, payload: cut, &actions)
        return actions
    }

    /// Starts the close handshake with `code` and `reason` (the reason is cut to fit a control frame).
    public mutating func close(code: WSCloseCode = .normalClosure, reason: String = "") -> [Action] {
        var actions: [Action] = []
        var text = ""
        for character in reason where text.utf8.count + String(character).utf8.count <= 123 {
            text.append(character)
        }
        perform(closer.close(WSClosePayload(code: code, reason: text)), &actions)
        return actions
    }

    /// The close timer fired.
    public mutating func closeTimerFired() -> [Action] {
        var actions: [Action] = []
        perform(closer.closeTimerFired(), &actions)
        return actions
    }

    /// The transport closed underneath; nothing more will be sent or received.
    public mutating func transportClosed() {
        closer.transportClosed()
    }

    private mutating func fail(_ error: WSError, _ actions: inout [Action]) {
        actions.append(.failed(error))
        perform(closer.fail(error), &actions)
    }

    private func perform(_ closeActions: [WSCloseStateMachine.Action], _ actions: inout [Action]) {
        for action in closeActions {
            switch action {
            case .sendClose(let payload):
                write(opcode: .close, payload: payload.encoded, &actions)
            case .startTimer(let duration):
                actions.append(.startCloseTimer(duration))
            case .closeTransport:
                actions.append(.closeTransport)
            }
        }
    }

    private func write(opcode: WSOpcode, rsv1: Bool = false, payload: ByteBuffer, _ actions: inout [Action]) {
        for buffer in encoder.encode(opcode: opcode, rsv1: rsv1, payload: payload, allocator: allocator) {
            actions.append(.write(buffer))
        }
    }
}

/// Holds a `WSConnection`'s allocator when it is not the default.
private final class AllocatorBox {
    let allocator: ByteBufferAllocator
    init(_ allocator: ByteBufferAllocator) { self.allocator = allocator }
}
