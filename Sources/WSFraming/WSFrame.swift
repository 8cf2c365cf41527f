public import NIOCore

/// One WebSocket frame; a parsed frame's payload is already unmasked and is a slice of the parser's input.
public struct WSFrame: Hashable, Sendable {
    /// FIN: this is the last frame of its message.
    public var fin: Bool
    /// RSV1 (used by permessage-deflate to mark a compressed message).
    public var rsv1: Bool
    /// RSV2 (no extension in use here defines it).
    public var rsv2: Bool
    /// RSV3 (no extension in use here defines it).
    public var rsv3: Bool
    /// The opcode.
    public var opcode: WSOpcode
    /// The key the frame was masked with on the wire (nil when unmasked); the payload below is always unmasked.
    public var maskKey: WSMaskKey?
    /// The application (unmasked) payload.
    public var payload: ByteBuffer

    /// A frame; `maskKey` is the key to mask with when encoding, and the one it arrived with when parsed.
    public init(
        fin: Bool = true,
        rsv1: Bool = false,
        rsv2: Bool = false,
        rsv3: Bool = false,
        opcode: WSOpcode,
        maskKey: WSMaskKey? = nil,
        payload: ByteBuffer
    ) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.maskKey = maskKey
        self.payload = payload
    }

    /// The header that puts this frame on the wire.
    public var header: WSFrameHeader {
        WSFrameHeader(
            fin: fin, rsv1: rsv1, rsv2: rsv2, rsv3: rsv3, opcode: opcode, maskKey: maskKey,
            payloadLength: payload.readableBytes
        )
    }
}
