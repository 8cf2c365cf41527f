import CZlib
import NIOCore

extension HTTPContentCoding {
    /// Compresses `bytes` in one shot at `level` (1–9, or -1 for zlib's default), as Node's `zlib.createGzip` /
    /// `createDeflate` with default options would: window bits 15, memLevel 8, default strategy.
    func compress(_ bytes: ByteBuffer, level: Int32, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        try compressTyped(bytes, level: level, allocator: allocator)
    }

    /// `compress` with its error type spelled out.
    func compressTyped(
        _ bytes: ByteBuffer, level: Int32, allocator: ByteBufferAllocator
    ) throws(HTTPContentCodingError) -> ByteBuffer {
        guard (-1...9).contains(level) else {
            throw HTTPContentCodingError.invalidLevel.with(detail: "level \(level) is not in -1...9")
        }
        // zlib's `avail_in` is 32 bits; maxHttpBufferSize-bounded payloads never come near it.
        guard bytes.readableBytes <= Int(UInt32.max) else {
            throw HTTPContentCodingError.inputTooLarge.with(detail: "\(bytes.readableBytes) bytes")
        }
        let windowBits: Int32
        switch self {
        case .gzip: windowBits = 15 + 16
        case .deflate: windowBits = 15
        default: throw HTTPContentCodingError.unsupportedCoding.with(detail: token)
        }
        // zlib keeps a pointer back to its z_stream, so the struct lives at one heap address until deflateEnd.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        let rc = deflateInit2_(
            stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            throw HTTPContentCodingError.zlibFailure.with(detail: "deflateInit2 returned \(rc)")
        }
        defer { deflateEnd(stream) }

        let length = bytes.readableBytes
        // deflateBound covers the whole finished stream including the gzip/zlib wrapper, so one pass normally ends
        // it; the loop only guards against a zlib that disagrees.
        var output = allocator.buffer(capacity: Int(deflateBound(stream, uLong(length))) + 32)
        let status: Int32 = bytes.withUnsafeReadableBytes { input in
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            var rc = Z_OK
            var rounds = 0
            repeat {
                rounds += 1
                output.writeWithUnsafeMutableBytes(minimumWritableBytes: 256) { out in
                    stream.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(min(out.count, Int(UInt32.max)))
                    rc = CZlib.deflate(stream, Z_FINISH)
                    return out.count - Int(stream.pointee.avail_out)
                }
            } while (rc == Z_OK || rc == Z_BUF_ERROR) && rounds < 1_000_000
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
            return rc
        }
        guard status == Z_STREAM_END else {
            throw HTTPContentCodingError.zlibFailure.with(detail: "deflate returned \(status)")
        }
        return output
    }
}
