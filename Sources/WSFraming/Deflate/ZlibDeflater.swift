import CZlib
import NIOCore

/// One raw-deflate stream (RFC 1951, no zlib header) at a stable heap address, owned by one connection.
///
/// zlib keeps pointers into its own `z_stream`, so the struct must never move: it is allocated once here and freed
/// by `close()` or `deinit`, whichever comes first.
final class ZlibDeflater {
    private var stream: UnsafeMutablePointer<z_stream>?
    private let resetAfterMessage: Bool

    /// A compressor with the given window (9...15), level and memLevel; `resetAfterMessage` drops context.
    init(windowBits: Int, level: Int, memoryLevel: Int, resetAfterMessage: Bool) throws(WSError) {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = deflateInit2_(
            stream, Int32(level), Z_DEFLATED, -Int32(windowBits), Int32(memoryLevel), Z_DEFAULT_STRATEGY,
            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)
        )
        guard rc == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw WSError.internalError.with(detail: "deflateInit2 failed (\(rc)) for window bits \(windowBits)")
        }
        self.stream = stream
        self.resetAfterMessage = resetAfterMessage
    }

    deinit { close() }

    /// Frees the zlib state; later calls to `compress` throw. Safe to call more than once.
    func close() {
        guard let stream else { return }
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        self.stream = nil
    }

    /// Compresses one whole message with `Z_SYNC_FLUSH` and drops the `00 00 ff ff` tail (RFC 7692 §7.2.1).
    func compress(_ message: ByteBuffer, allocator: ByteBufferAllocator) throws(WSError) -> ByteBuffer {
        guard let stream else { throw WSError.internalError.with(detail: "compressor already closed") }
        let length = message.readableBytes
        // zlib counts input in 32 bits; no WebSocket limit lets a message come near that.
        guard length <= Int(UInt32.max) else {
            throw WSError.messageTooBig.with(detail: "\(length) bytes is beyond zlib's 32-bit input count")
        }
        // deflateBound covers a finished stream; a sync flush adds at most one empty stored block on top.
        var output = allocator.buffer(capacity: Int(deflateBound(stream, uLong(length))) + 16)
        let status: Int32 = message.withUnsafeReadableBytes { input in
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            var rc = Z_OK
            repeat {
                output.writeWithUnsafeMutableBytes(minimumWritableBytes: 64) { out in
                    stream.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(min(out.count, Int(UInt32.max)))
                    rc = deflate(stream, Z_SYNC_FLUSH)
                    return out.count - Int(stream.pointee.avail_out)
                }
            } while (rc == Z_OK || rc == Z_BUF_ERROR) && (stream.pointee.avail_out == 0 || stream.pointee.avail_in > 0)
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
            return rc
        }
        guard status == Z_OK || status == Z_BUF_ERROR else {
            throw WSError.internalError.with(detail: "deflate failed (\(status))")
        }
        let tail = output.getBytes(at: output.writerIndex - 4, length: 4)
        guard output.readableBytes >= 4, tail == [0x00, 0x00, 0xFF, 0xFF] else {
            throw WSError.internalError.with(detail: "deflate output lacks the sync-flush marker")
        }
        output.moveWriterIndex(to: output.writerIndex - 4)
        if resetAfterMessage { deflateReset(stream) }
        return output
    }
}
