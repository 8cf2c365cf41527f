public import NIOCore
import WSFraming

/// A message to send, encoded once so that one value can go to many sessions (a broadcast) without re-encoding.
///
/// It holds one buffer: a complete, unmasked WebSocket frame as Engine.IO v4 sends the message (a text frame with
/// `4` + text, or a binary frame with the raw bytes). WebSocket sessions without a per-message codec write that
/// frame as it is; polling sessions and the other cases use slices of it, so nothing is copied again per session.
public struct EngineOutboundMessage: Sendable {
    /// The whole frame: WebSocket header, then the frame payload.
    let frame: ByteBuffer
    /// Bytes from the frame's start to the frame payload (the WebSocket header's size).
    let headerSize: UInt8
    /// Whether this is a binary message.
    public let isBinary: Bool

    private init(frame: ByteBuffer, headerSize: Int, isBinary: Bool) {
        self.frame = frame
        self.headerSize = UInt8(truncatingIfNeeded: headerSize)
        self.isBinary = isBinary
    }

    /// Where the message data starts, counted from the frame's reader index.
    var dataOffset: Int { Int(headerSize) + (isBinary ? 0 : 1) }

    /// The number of data bytes (what the send queue counts).
    var dataCount: Int { frame.readableBytes - dataOffset }

    /// The message data (without the Engine.IO type character).
    public var data: ByteBuffer {
        frame.getSlice(at: frame.readerIndex + dataOffset, length: dataCount) ?? ByteBuffer()
    }

    /// The data as a view, for the payload encoders.
    var dataView: ByteBufferView {
        let view = frame.readableBytesView
        return view[(view.startIndex + dataOffset)...]
    }

    /// The WebSocket message payload: `4` + text for a text message, the raw bytes for a binary one (v4).
    var webSocketPayload: ByteBuffer {
        frame.getSlice(at: frame.readerIndex + Int(headerSize), length: frame.readableBytes - Int(headerSize))
            ?? ByteBuffer()
    }

    /// A text message; `text` must be valid UTF-8.
    public static func text(_ text: ByteBuffer) -> EngineOutboundMessage {
        let header = WSFrameHeader(opcode: .text, payloadLength: text.readableBytes + 1)
        var frame = ByteBufferAllocator().buffer(capacity: header.encodedSize + 1 + text.readableBytes)
        header.write(to: &frame)
        frame.writeInteger(UInt8(ascii: "4"))
        var copy = text
        frame.writeBuffer(&copy)
        return EngineOutboundMessage(frame: frame, headerSize: header.encodedSize, isBinary: false)
    }

    /// A text message.
    public static func text(_ text: String) -> EngineOutboundMessage {
        let header = WSFrameHeader(opcode: .text, payloadLength: text.utf8.count + 1)
        var frame = ByteBufferAllocator().buffer(capacity: header.encodedSize + 1 + text.utf8.count)
        header.write(to: &frame)
        frame.writeInteger(UInt8(ascii: "4"))
        frame.writeString(text)
        return EngineOutboundMessage(frame: frame, headerSize: header.encodedSize, isBinary: false)
    }

    /// A text message from bytes that must be valid UTF-8 (an encoder's output), copied once into the frame.
    public static func text<Bytes: Collection<UInt8>>(utf8 bytes: Bytes) -> EngineOutboundMessage {
        let count = bytes.count
        let header = WSFrameHeader(opcode: .text, payloadLength: count + 1)
        var frame = ByteBufferAllocator().buffer(capacity: header.encodedSize + 1 + count)
        header.write(to: &frame)
        frame.writeInteger(UInt8(ascii: "4"))
        frame.writeBytes(bytes)
        return EngineOutboundMessage(frame: frame, headerSize: header.encodedSize, isBinary: false)
    }

    /// The room kept in front of a message written in place: the largest unmasked frame header.
    private static let reservedHeaderSize = 10

    /// A text message whose data `write` appends straight into the frame buffer (it must append valid UTF-8),
    /// so an encoder's output is not copied from a buffer of its own; `capacity` is the expected data size.
    ///
    /// The frame header's size depends on the data's, so room for the largest header is kept in front and the
    /// header is written right before the data once its size is known.
    public static func text<Failure: Error>(
        capacity: Int, writingWith write: (inout ByteBuffer) throws(Failure) -> Void
    ) throws(Failure) -> EngineOutboundMessage {
        let reserved = reservedHeaderSize
        var frame = ByteBufferAllocator().buffer(capacity: reserved + 1 + max(capacity, 0))
        frame.moveWriterIndex(forwardBy: reserved)
        frame.writeInteger(UInt8(ascii: "4"))
        try write(&frame)
        let end = frame.writerIndex
        let header = WSFrameHeader(opcode: .text, payloadLength: end - reserved)
        let start = reserved - header.encodedSize
        frame.moveWriterIndex(to: start)
        header.write(to: &frame)
        frame.moveWriterIndex(to: end)
        frame.moveReaderIndex(to: start)
        return EngineOutboundMessage(frame: frame, headerSize: header.encodedSize, isBinary: false)
    }

    /// A binary message from raw bytes, copied once into the frame.
    public static func binary(bytes: UnsafeRawBufferPointer) -> EngineOutboundMessage {
        let header = WSFrameHeader(opcode: .binary, payloadLength: bytes.count)
        var frame = ByteBufferAllocator().buffer(capacity: header.encodedSize + bytes.count)
        header.write(to: &frame)
        frame.writeBytes(bytes)
        return EngineOutboundMessage(frame: frame, headerSize: header.encodedSize, isBinary: true)
    }

    /// A binary message.
    public static func binary(_ bytes: ByteBuffer) -> EngineOutboundMessage {
        let header = WSFrameHeader(opcode: .binary, payloadLength: bytes.readableBytes)
        var frame = ByteBufferAllocator().buffer(capacity: header.encodedSize + bytes.readableBytes)
        header.write(to: &frame)
        var copy = bytes
        frame.writeBuffer(&copy)
        return EngineOutboundMessage(frame: frame, headerSize: header.encodedSize, isBinary: true)
    }
}
