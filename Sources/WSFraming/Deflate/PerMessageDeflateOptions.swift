/// Server-side permessage-deflate settings (RFC 7692); defaults follow node `ws`'s `perMessageDeflate`.
public struct PerMessageDeflateOptions: Hashable, Sendable {
    /// Messages shorter than this many bytes are sent uncompressed. Default 1024, as in `ws`: below that the CPU cost
    /// outweighs the few bytes saved.
    public var threshold: Int
    /// zlib compression level, 0...9. Default 6 (zlib's own default, `Z_DEFAULT_COMPRESSION`).
    public var compressionLevel: Int
    /// zlib memLevel, 1...9: memory for the compressor's internal state. Default 8 (zlib's default, about 128 KiB).
    public var memoryLevel: Int
    /// Largest LZ77 window the server's compressor uses, 9...15 (zlib's raw deflate cannot use 8). Default 15. A
    /// smaller value is announced as `server_max_window_bits` and saves memory on both sides.
    public var serverMaxWindowBits: Int
    /// If set (8...15), asks clients that offer `client_max_window_bits` to use at most this window. Default nil:
    /// the client keeps the value it offered.
    public var clientMaxWindowBits: Int?
    /// Announce `server_no_context_takeover`: reset the compressor after every message. Default false.
    public var serverNoContextTakeover: Bool
    /// Ask for `client_no_context_takeover`: clients reset their compressor after every message. Default false.
    public var clientNoContextTakeover: Bool

    /// Options with the documented defaults, each overridable.
    public init(
        threshold: Int = 1024,
        compressionLevel: Int = 6,
        memoryLevel: Int = 8,
        serverMaxWindowBits: Int = 15,
        clientMaxWindowBits: Int? = nil,
        serverNoContextTakeover: Bool = false,
        clientNoContextTakeover: Bool = false
    ) {
        self.threshold = threshold
        self.compressionLevel = compressionLevel
        self.memoryLevel = memoryLevel
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
    }

    /// Out-of-range values pulled into range, so a configuration mistake cannot reach zlib.
    var clamped: PerMessageDeflateOptions {
        var copy = self
        copy.threshold = max(0, threshold)
        copy.compressionLevel = min(max(compressionLevel, 0), 9)
        copy.memoryLevel = min(max(memoryLevel, 1), 9)
        copy.serverMaxWindowBits = min(max(serverMaxWindowBits, 9), 15)
        copy.clientMaxWindowBits = clientMaxWindowBits.map { min(max($0, 8), 15) }
        return copy
    }
}
