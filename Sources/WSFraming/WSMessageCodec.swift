public import NIOCore

/// A per-message transform negotiated through an extension that uses RSV1 (permessage-deflate); owned by one
/// connection, never shared, so it may hold zlib streams at stable addresses.
public protocol WSMessageCodec: AnyObject {
    /// Inflates one fragment of an RSV1 message, appending to `output`; throws before `output` would exceed `limit`.
    func decompress(_ fragment: ByteBuffer, isFinal: Bool, into output: inout ByteBuffer, limit: Int) throws(WSError)
    /// Compresses a whole outgoing message, or returns nil to send it uncompressed (below the threshold).
    func compress(_ message: ByteBuffer, allocator: ByteBufferAllocator) throws(WSError) -> ByteBuffer?
}
