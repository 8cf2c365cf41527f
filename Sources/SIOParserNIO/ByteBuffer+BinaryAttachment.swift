public import NIOCore
public import SIOParser

// ByteBuffer travels as an attachment in both directions without copying: the encoder keeps the buffer itself (a
// reference-counted view of its storage), and a decoder whose attachments are `ByteBufferView`s hands back a slice
// of the same storage.

extension ByteBuffer: BinaryAttachment {
    /// The number of readable bytes.
    public var attachmentByteCount: Int { readableBytes }

    /// Calls `body` with the readable bytes.
    public func withAttachmentBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeReadableBytes(body)
    }
}

extension ByteBuffer: BinaryAttachmentDecodable {
    /// Shares the storage when the attachment is a `ByteBufferView` (or a `ByteBuffer`); copies anything else once.
    public init<Bytes: RandomAccessCollection<UInt8> & Sendable>(attachmentBytes bytes: Bytes) {
        if let view = bytes as? ByteBufferView {
            self.init(view)
        } else if let buffer = bytes as? ByteBuffer {
            self = buffer
        } else {
            self.init(bytes: bytes)
        }
    }
}

extension ByteBufferView: BinaryAttachment {
    /// The number of bytes in the view.
    public var attachmentByteCount: Int { count }

    /// Calls `body` with the view's bytes.
    public func withAttachmentBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}
