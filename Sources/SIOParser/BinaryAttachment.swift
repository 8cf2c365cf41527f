/// A binary value that travels as a Socket.IO attachment: its own Engine.IO binary message after the text packet.
///
/// Encoders collect attachments as `any BinaryAttachment` so that a transport can write each one without copying
/// (a transport that knows the concrete type, such as NIO's `ByteBuffer`, may downcast).
public protocol BinaryAttachment: Sendable {
    /// The number of bytes in the attachment.
    var attachmentByteCount: Int { get }
    /// Calls `body` with the attachment's bytes, contiguous.
    func withAttachmentBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: BinaryAttachment where Element == UInt8 {
    /// The number of bytes in the attachment.
    public var attachmentByteCount: Int { count }
    /// Calls `body` with the array's bytes.
    public func withAttachmentBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension ArraySlice: BinaryAttachment where Element == UInt8 {
    /// The number of bytes in the attachment.
    public var attachmentByteCount: Int { count }
    /// Calls `body` with the slice's bytes.
    public func withAttachmentBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}
