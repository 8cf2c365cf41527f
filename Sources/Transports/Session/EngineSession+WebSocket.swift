import EngineParser
import NIOCore
import WSFraming

extension EngineSession: EngineWebSocketTransportDelegate {
    /// A WebSocket handshake (no sid) completed: this transport carries the session from the start.
    func startWebSocket(_ transport: any EngineWebSocketTransport) {
        webSocket = transport
        transport.delegate = self
        start()
    }

    /// A WebSocket with this session's sid connected: it becomes the probe, or is closed when the session cannot
    /// upgrade (already upgrading or upgraded, WebSocket-only, closing).
    func probeArrived(_ transport: any EngineWebSocketTransport) {
        let actions = machine.probeArrived()
        if case .refuseProbe = actions.first {
            onTransportLoop(transport) { $0.close(code: .normalClosure) }
            return
        }
        probe = transport
        perform(actions)
    }

    /// One message from a WebSocket (on the transport's loop).
    public func transport(_ transport: any EngineWebSocketTransport, received message: EngineMessage) {
        if eventLoop.inEventLoop {
            received(message, from: transport)
        } else {
            eventLoop.execute { [self] in received(message, from: transport) }
        }
    }

    /// A WebSocket's writability changed (on the transport's loop).
    public func transportWritabilityChanged(_ transport: any EngineWebSocketTransport) {
        let writable = transport.isWritable
        onLoop { session in
            guard transport === session.webSocket else { return }
            session.perform(session.machine.webSocketWritabilityChanged(writable))
        }
    }

    /// A WebSocket ended (on the transport's loop).
    public func transportClosed(_ transport: any EngineWebSocketTransport, error: (any Error)?) {
        let failed = error != nil
        onLoop { session in
            if transport === session.webSocket {
                session.perform(session.machine.webSocketClosed(error: failed))
            } else if transport === session.probe {
                session.perform(session.machine.probeClosed())
            }
        }
    }

    private func received(_ message: EngineMessage, from transport: any EngineWebSocketTransport) {
        let isActive = transport === webSocket
        guard isActive || transport === probe else { return }
        guard let packet = decode(message) else {
            perform(isActive ? machine.receive(.parseError) : machine.receiveOnProbe(.parseError))
            return
        }
        let inbound = Self.inbound(packet)
        guard isActive else {
            perform(machine.receiveOnProbe(inbound))
            return
        }
        if inbound == .message {
            if machine.deliversMessages { endpoint.handler.session(self, received: Self.message(packet.data)) }
        } else {
            perform(machine.receive(inbound))
        }
    }

    /// Runs `body` on the transport's loop (a session upgraded from polling may live on another loop).
    func onTransportLoop(
        _ transport: any EngineWebSocketTransport,
        _ body: @escaping @Sendable (any EngineWebSocketTransport) -> Void
    ) {
        if transport.eventLoop.inEventLoop {
            body(transport)
        } else {
            transport.eventLoop.execute { body(transport) }
        }
    }

    /// Writes packets as WebSocket messages, then flushes.
    func writeWebSocket<Packets: Sequence<EngineOutPacket> & Sendable>(
        _ packets: Packets, to transport: any EngineWebSocketTransport
    ) {
        let v3 = protocolVersion == .v3
        if transport.eventLoop.inEventLoop {
            Self.write(packets, to: transport, v3: v3)
        } else {
            transport.eventLoop.execute { Self.write(packets, to: transport, v3: v3) }
        }
    }

    private static func write<Packets: Sequence<EngineOutPacket>>(
        _ packets: Packets, to transport: any EngineWebSocketTransport, v3: Bool
    ) {
        for packet in packets {
            switch packet.body {
            case .message(let message):
                if message.isBinary {
                    if v3 {
                        var framed = ByteBufferAllocator().buffer(capacity: message.dataCount + 1)
                        framed.writeInteger(EnginePacketType.message.rawValue)
                        var data = message.data
                        framed.writeBuffer(&data)
                        transport.write(binary: framed, compress: packet.compress)
                    } else if transport.acceptsPreEncodedFrames {
                        transport.write(preEncodedFrame: message.frame)
                    } else {
                        transport.write(binary: message.data, compress: packet.compress)
                    }
                } else if transport.acceptsPreEncodedFrames {
                    transport.write(preEncodedFrame: message.frame)
                } else {
                    transport.write(text: message.webSocketPayload, compress: packet.compress)
                }
            case .none:
                transport.write(text: controlText(packet.type), compress: false)
            case .text(let text):
                var buffer = ByteBufferAllocator().buffer(capacity: text.readableBytes + 1)
                buffer.writeInteger(UInt8(ascii: "0") + packet.type.rawValue)
                var copy = text
                buffer.writeBuffer(&copy)
                transport.write(text: buffer, compress: false)
            }
        }
        transport.flush()
    }

    /// The one-character control packets, built once.
    private static let controlTexts: [ByteBuffer] = (0...6).map { ByteBuffer(string: String($0)) }

    private static func controlText(_ type: EnginePacketType) -> ByteBuffer {
        let index = Int(type.rawValue)
        return index < controlTexts.count ? controlTexts[index] : ByteBuffer(string: String(index))
    }
}
