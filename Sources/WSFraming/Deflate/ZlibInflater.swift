import CZlib
import NIOCore

/// One raw-inflate stream at a stable heap address, owned by one connection; output is bounded as it is produced.
final class ZlibInflater {
    private var stream: UnsafeMutablePointer<z_stream>?
    private let resetAfterMessage: Bool
    /// Whether the current message has had any compressed bytes yet.
    private var messageHasInput = false
    /// The bytes RFC 7692 §7.2.2 appends to every message before inflating: an empty non-final stored block.
    private static let tail: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]
    /// Largest single inflate step: bounds how far one call can overshoot before the limit check runs.
    private static let maxStep = 64 * 1024

    /// A decompressor; its window is always 15 bits, which decodes streams made with any smaller window.
    init(resetAfterMessage: Bool) throws(WSError) {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = inflateInit2_(stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw WSError.internalError.with(detail: "inflateInit2 failed (\(rc))")
        }
        self.stream = stream
        self.resetAfterMessage = resetAfterMessage
    }

    deinit { close() }

    /// Frees the zlib state; later calls to `decompress` throw. Safe to call more than once.
    func close() {
        guard let stream else { return }
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        self.stream = nil
    }

    /// Inflates one fragment, appending to `output`; after the final fragment the tail is inflated too.
    /// Throws `messageTooBig` as soon as `output` would exceed `limit` readable bytes.
    func decompress(_ fragment: ByteBuffer, isFinal: Bool, into output: inout ByteBuffer, limit: Int) throws(WSError) {
        guard let stream else { throw WSError.internalError.with(detail: "decompressor already closed") }
        guard fragment.readableBytes <= Int(UInt32.max) else {
            throw WSError.messageTooBig.with(detail: "fragment is beyond zlib's 32-bit input count")
        }
        let result = fragment.withUnsafeReadableBytes { input in
            Self.inflate(stream, input, into: &output, limit: limit)
        }
        _ = try result.get()
        messageHasInput = messageHasInput || fragment.readableBytes > 0
        guard isFinal else { return }
        // An empty payload carries no block header, so the tail alone would leave a half-read stored block behind:
        // take it as the empty message and leave the stream untouched.
        guard messageHasInput else { return }
        messageHasInput = false
        let tailResult = Self.tail.withUnsafeBytes { input in
            Self.inflate(stream, input, into: &output, limit: limit)
        }
        // The tail completes a sync flush only if the message stopped on a block boundary; anything else is a
        // truncated message, which would corrupt every later message that shares the window.
        guard try tailResult.get() else {
            throw WSError.invalidPayloadData.with(detail: "compressed message does not end on a deflate block boundary")
        }
        if resetAfterMessage { inflateReset(stream) }
    }

    /// Runs inflate over `input` in bounded steps; never lets `output` grow more than one byte past `limit`.
    /// Succeeds with whether the stream then waits for a new block (or has just ended), i.e. sits on a boundary.
    private static func inflate(
        _ stream: UnsafeMutablePointer<z_stream>,
        _ input: UnsafeRawBufferPointer,
        into output: inout ByteBuffer,
        limit: Int
    ) -> Result<Bool, WSError> {
        guard !input.isEmpty else { return .success(atBoundary(stream)) }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        while true {
            let room = max(0, limit - output.readableBytes)
            // One byte past the limit is enough to know the message is too big.
            let step = room >= maxStep ? maxStep : room + 1
            let wanted = min(step, max(4096, input.count * 8))
            var rc = Z_OK
            var ended = false
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { out in
                stream.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(min(out.count, step))
                let before = stream.pointee.avail_out
                rc = CZlib.inflate(stream, Z_SYNC_FLUSH)
                return Int(before - stream.pointee.avail_out)
            }
            if output.readableBytes > limit {
                return .failure(WSError.messageTooBig.with(detail: "inflated message exceeds \(limit) bytes"))
            }
            switch rc {
            case Z_OK:
                break
            case Z_STREAM_END:
                // A final block ended the deflate stream; keep the window if context is taken over, then go on.
                restart(stream)
                ended = true
            case Z_BUF_ERROR:
                // No progress possible: every input byte is consumed and no output is pending.
                return .success(atBoundary(stream))
            case Z_DATA_ERROR, Z_NEED_DICT:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "invalid deflate data"
                return .failure(WSError.invalidPayloadData.with(detail: "inflate: \(reason)"))
            default:
                return .failure(WSError.internalError.with(detail: "inflate failed (\(rc))"))
            }
            if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
                return .success(ended || atBoundary(stream))
            }
        }
    }

    /// zlib sets bit 128 of `data_type` when inflate stopped right before a block header.
    private static func atBoundary(_ stream: UnsafeMutablePointer<z_stream>) -> Bool {
        stream.pointee.data_type & 128 != 0
    }

    /// Starts a new deflate stream after a final block, carrying the last 32 KiB of output as its dictionary.
    private static func restart(_ stream: UnsafeMutablePointer<z_stream>) {
        var dictionary = [UInt8](repeating: 0, count: 32 * 1024)
        var length = uInt(dictionary.count)
        let got = dictionary.withUnsafeMutableBufferPointer { inflateGetDictionary(stream, $0.baseAddress, &length) }
        inflateReset(stream)
        if got == Z_OK && length > 0 {
            _ = dictionary.withUnsafeBufferPointer { inflateSetDictionary(stream, $0.baseAddress, length) }
        }
    }
}
