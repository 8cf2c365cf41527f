/// Resource limits of one connection, checked from frame headers before any payload is buffered.
public struct WSLimits: Hashable, Sendable {
    /// Largest payload of a single frame. Default 1,000,000 bytes: the reference server's `maxHttpBufferSize` (1e6),
    /// since a frame larger than the largest accepted message can never be useful.
    public var maxFrameSize: Int = 1_000_000
    /// Largest message after joining fragments (and after decompression). Default 1,000,000 bytes, the reference
    /// server's `maxHttpBufferSize`.
    public var maxMessageSize: Int = 1_000_000
    /// Most frames one message may be split into. Default 65,536: Autobahn 9.3.x sends 64-byte fragments, and
    /// fragments are copied into one buffer, so the limit only bounds per-frame work, not memory.
    public var maxFragmentsPerMessage: Int = 65_536

    /// The defaults above.
    public init() {}

    /// Limits with every field given.
    public init(maxFrameSize: Int, maxMessageSize: Int, maxFragmentsPerMessage: Int) {
        self.maxFrameSize = maxFrameSize
        self.maxMessageSize = maxMessageSize
        self.maxFragmentsPerMessage = maxFragmentsPerMessage
    }
}
