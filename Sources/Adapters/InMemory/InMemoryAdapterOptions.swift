/// Limits of the in-memory adapter's connection state recovery store.
public struct InMemoryAdapterOptions: Sendable, Hashable {
    /// The most broadcast packets kept for recovery; default 100,000.
    ///
    /// Packets are kept for `maxDisconnectionDuration` (the reference keeps them that long, whatever their number).
    /// This cap bounds memory when a burst outpaces that window: at a typical 1 KB per event, 100,000 packets are
    /// about 100 MB. When it is reached the oldest packet goes, and a client whose offset was that packet gets a new
    /// session instead of a recovered one.
    public var maxStoredPackets: Int
    /// The most disconnected sessions kept for recovery; default 100,000.
    ///
    /// Sessions are kept for `maxDisconnectionDuration`; the cap bounds memory under a mass disconnection (a session
    /// is a few hundred bytes plus its rooms and data). When it is reached the oldest session goes.
    public var maxPersistedSessions: Int

    /// Options with the documented defaults.
    public init(maxStoredPackets: Int = 100_000, maxPersistedSessions: Int = 100_000) {
        self.maxStoredPackets = maxStoredPackets
        self.maxPersistedSessions = maxPersistedSessions
    }
}
