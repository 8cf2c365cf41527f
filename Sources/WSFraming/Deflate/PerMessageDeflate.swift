public import NIOCore

/// The permessage-deflate codec of one connection (RFC 7692): wscore's `WSMessageCodec` hook, backed by zlib.
///
/// Owns one compressor and one decompressor at stable addresses; never shared between connections and never hops
/// to an actor per frame. Call `close()` when the connection ends (deinit frees the streams too).
public final class PerMessageDeflate: WSMessageCodec {
    /// The agreed parameters.
    public let parameters: PerMessageDeflateParameters
    /// This side's role: a server compresses under the `server_*` parameters and inflates under `client_*`.
    public let role: WSRole
    /// Messages shorter than this are sent uncompressed.
    public let threshold: Int
    private let deflater: ZlibDeflater
    private let inflater: ZlibInflater

    /// A codec for `parameters` as agreed; throws if zlib refuses the settings (e.g. a client limited to 8 bits).
    public init(
        parameters: PerMessageDeflateParameters,
        role: WSRole,
        options: PerMessageDeflateOptions = PerMessageDeflateOptions()
    ) throws(WSError) {
        let options = options.clamped
        let ownBits: Int?
        let ownNoTakeover: Bool
        let peerNoTakeover: Bool
        switch role {
        case .server:
            ownBits = parameters.serverMaxWindowBits
            ownNoTakeover = parameters.serverNoContextTakeover
            peerNoTakeover = parameters.clientNoContextTakeover
        case .client:
            ownBits = parameters.clientMaxWindowBits
            ownNoTakeover = parameters.clientNoContextTakeover
            peerNoTakeover = parameters.serverNoContextTakeover
        }
        let windowBits = min(ownBits ?? 15, role == .server ? options.serverMaxWindowBits : 15)
        self.parameters = parameters
        self.role = role
        self.threshold = options.threshold
        self.deflater = try ZlibDeflater(
            windowBits: windowBits, level: options.compressionLevel, memoryLevel: options.memoryLevel,
            resetAfterMessage: ownNoTakeover
        )
        self.inflater = try ZlibInflater(resetAfterMessage: peerNoTakeover)
    }

    /// Frees both zlib streams now; later calls throw `internalError`. Safe to call more than once.
    public func close() {
        deflater.close()
        inflater.close()
    }

    /// Inflates one fragment of an RSV1 message, appending to `output`; throws before `output` would exceed `limit`.
    public func decompress(
        _ fragment: ByteBuffer,
        isFinal: Bool,
        into output: inout ByteBuffer,
        limit: Int
    ) throws(WSError) {
        try inflater.decompress(fragment, isFinal: isFinal, into: &output, limit: limit)
    }

    /// Compresses a whole outgoing message, or returns nil to send it uncompressed (below the threshold).
    public func compress(_ message: ByteBuffer, allocator: ByteBufferAllocator) throws(WSError) -> ByteBuffer? {
        guard message.readableBytes >= threshold else { return nil }
        return try deflater.compress(message, allocator: allocator)
    }
}
