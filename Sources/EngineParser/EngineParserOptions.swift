/// Resource limits for every Engine.IO decoder; each is checked as soon as the relevant length is known.
public struct EngineParserOptions: Sendable, Hashable {
    /// Largest payload (HTTP body, or WebSocket message) in bytes. Default 1_000_000, the reference server's
    /// `maxHttpBufferSize` (also announced to clients as `maxPayload`), so a conforming client never exceeds it.
    public var maxPayloadBytes: Int
    /// Most packets one payload may carry. Default 10_000: a 1 MB body of minimal packets (`6\x1e`) would otherwise
    /// be 500_000 packets, each a call into the layers above; real clients batch at most a few hundred between polls.
    public var maxPacketsPerPayload: Int
    /// Most decimal digits in a v3 length prefix. Default 10: enough for any length below 10^10, and a bound on how
    /// far a decoder reads before it knows a length (the value itself is also checked against `maxPayloadBytes`
    /// digit by digit).
    public var maxLengthDigits: Int
    /// Whether v4 text packets are checked to be UTF-8. Default true: bad input gets an error here rather than
    /// replacement characters later. (v3 text is always decoded, since its lengths count UTF-16 code units.)
    public var validateUTF8: Bool

    /// The defaults documented on each property.
    public init(
        maxPayloadBytes: Int = 1_000_000,
        maxPacketsPerPayload: Int = 10_000,
        maxLengthDigits: Int = 10,
        validateUTF8: Bool = true
    ) {
        self.maxPayloadBytes = maxPayloadBytes
        self.maxPacketsPerPayload = maxPacketsPerPayload
        self.maxLengthDigits = maxLengthDigits
        self.validateUTF8 = validateUTF8
    }
}
