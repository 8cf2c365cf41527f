public import NIOCore

/// Puts frames on the wire: a server's frames unmasked, a client's masked with a fresh random key.
public struct WSFrameEncoder: Sendable {
    /// Payloads up to this size are copied next to their header so one buffer is written; larger ones are written
    /// as a separate (shared, uncopied) buffer. Default 1024 bytes: a copy that small costs less than a second write.
    public var coalescingLimit: Int = 1024
    /// The sending endpoint's role (after the word-sized field: no padding inside the struct).
    public let role: WSRole

    /// An encoder for `role`.
    public init(role: WSRole) {
        self.role = role
    }

    /// The header for a frame of `opcode` carrying `length` bytes, with a random key when this is a client.
    public func header(opcode: WSOpcode, fin: Bool = true, rsv1: Bool = false, length: Int) -> WSFrameHeader {
        WSFrameHeader(
            fin: fin, rsv1: rsv1, opcode: opcode, maskKey: role == .client ? WSMaskKey.random() : nil,
            payloadLength: length
        )
    }

    /// The buffers to write, in order, for one frame; a large server payload is returned as is, not copied.
    public func encode(
        opcode: WSOpcode, fin: Bool = true, rsv1: Bool = false, payload: ByteBuffer, allocator: ByteBufferAllocator
    ) -> [ByteBuffer] {
        let header = header(opcode: opcode, fin: fin, rsv1: rsv1, length: payload.readableBytes)
        if header.maskKey == nil && payload.readableBytes > coalescingLimit {
            var head = allocator.buffer(capacity: header.encodedSize)
            header.write(to: &head)
            return [head, payload]
        }
        var out = allocator.buffer(capacity: header.encodedSize + payload.readableBytes)
        Self.write(header, payload: payload, to: &out)
        return [out]
    }

    /// Appends `header` and then `payload` to `buffer`, masking the copied payload when the header has a key.
    public static func write(_ header: WSFrameHeader, payload: ByteBuffer, to buffer: inout ByteBuffer) {
        header.write(to: &buffer)
        let payloadStart = buffer.writerIndex
        var payload = payload
        let count = buffer.writeBuffer(&payload)
        if let key = header.maskKey, count > 0 {
            let offset = payloadStart - buffer.readerIndex
            buffer.withUnsafeMutableReadableBytes { bytes in
                WSMasking.apply(key, to: UnsafeMutableRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
            }
        }
    }

    /// Appends a whole frame (its own key, if any, is used) to `buffer`.
    public static func write(_ frame: WSFrame, to buffer: inout ByteBuffer) {
        write(frame.header, payload: frame.payload, to: &buffer)
    }
}
