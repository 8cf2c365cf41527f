import WSFraming

/// What the echo server accepts and offers.
struct WSEchoConfiguration: Sendable {
    /// Frame and message limits of every connection.
    var limits: WSLimits
    /// The permessage-deflate negotiator; nil offers no extension.
    var deflate: PerMessageDeflateNegotiator?

    /// Settings for Autobahn: 9.x sends messages up to 16 MiB, so the limits sit above that (node `ws` allows
    /// 100 MiB); permessage-deflate with `ws`'s defaults.
    static let autobahn = WSEchoConfiguration(
        limits: WSLimits(maxFrameSize: 64 << 20, maxMessageSize: 64 << 20, maxFragmentsPerMessage: 1 << 20),
        deflate: PerMessageDeflateNegotiator()
    )
}
