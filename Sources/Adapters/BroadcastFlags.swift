/// How a broadcast is delivered (the reference's `BroadcastFlags`).
public struct BroadcastFlags: Hashable, Sendable {
    /// Drop the packet for a socket whose transport cannot take it now (and never store it for recovery).
    public var volatile: Bool
    /// Ask the transport to compress the packet (permessage-deflate or HTTP compression).
    public var compress: Bool
    /// Deliver on this node only, even with a cluster adapter.
    public var local: Bool
    /// For broadcasts with acknowledgements: how long to wait for every client.
    public var timeout: Duration?

    /// Flags; every parameter defaults to the reference's default.
    public init(volatile: Bool = false, compress: Bool = true, local: Bool = false, timeout: Duration? = nil) {
        self.volatile = volatile
        self.compress = compress
        self.local = local
        self.timeout = timeout
    }
}
