/// Settings of a `ClusterAdapter`.
public struct ClusterAdapterOptions: Sendable, Hashable {
    /// How long `fetchSockets` and `serverSideEmitWithAck` wait for every other node when the call gives no
    /// timeout; default 5 s (the reference's `DEFAULT_TIMEOUT`).
    public var requestTimeout: Duration
    /// How long the answers to a `broadcastWithAck` without a timeout flag are still relayed; default 5 s. Bounds
    /// the bookkeeping of a broadcast whose clients never all answer.
    public var ackTimeout: Duration

    /// How often a node tells the others it is alive; default 5 s (the reference's `heartbeatInterval`).
    public var heartbeatInterval: Duration
    /// How long a node may stay silent before the others count it as gone; default 10 s (the reference's
    /// `heartbeatTimeout`: two missed heartbeats).
    public var heartbeatTimeout: Duration

    /// Options with the documented defaults.
    public init(
        requestTimeout: Duration = .seconds(5), ackTimeout: Duration = .seconds(5),
        heartbeatInterval: Duration = .seconds(5), heartbeatTimeout: Duration = .seconds(10)
    ) {
        self.requestTimeout = requestTimeout
        self.ackTimeout = ackTimeout
        self.heartbeatInterval = heartbeatInterval
        self.heartbeatTimeout = heartbeatTimeout
    }
}
