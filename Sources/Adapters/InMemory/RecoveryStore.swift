import NIOCore

/// Connection state recovery for one namespace on one node (the reference's `SessionAwareAdapter`): the recent
/// broadcast packets with their offsets and targeting, and the sessions of recently disconnected sockets.
///
/// Everything is kept for `maxDisconnectionDuration` (and within `InMemoryAdapterOptions`' caps); expired entries
/// are dropped from the front of two queues, which are in time order because the clock is monotonic, so each purge
/// costs only what it removes.
struct RecoveryStore: Sendable {
    /// A broadcast packet as stored: its offset is already its last argument.
    struct StoredPacket: Sendable {
        var offset: String
        var packet: BroadcastPacket
        var rooms: Set<Room>
        var except: Set<Room>
        var emittedAt: ContinuousClock.Instant
    }

    /// A persisted session and when it stops being restorable.
    struct StoredSession: Sendable {
        var session: PersistedSession
        var expiresAt: ContinuousClock.Instant
    }

    let maxDisconnectionDuration: Duration
    let options: InMemoryAdapterOptions
    /// Makes this adapter's offsets unlike any other adapter's (a client may present an offset from another server).
    let offsetPrefix: String

    /// Stored packets, oldest first; `packets[i]` has sequence number `firstSequence + i`.
    private(set) var packets = CircularBuffer<StoredPacket>()
    private var firstSequence: UInt64 = 0
    /// Each stored packet's sequence number by offset (offsets made here and offsets made by other nodes alike).
    private var sequences: [String: UInt64] = [:]
    /// The next offset number this adapter hands out.
    private var nextOffsetNumber: UInt64 = 0

    private(set) var sessions: [PrivateSessionID: StoredSession] = [:]
    /// Persisted sessions in persistence order (so in expiry order); restored or replaced ones linger until purged.
    private var sessionQueue = CircularBuffer<(pid: PrivateSessionID, expiresAt: ContinuousClock.Instant)>()

    init(maxDisconnectionDuration: Duration, options: InMemoryAdapterOptions) {
        self.maxDisconnectionDuration = maxDisconnectionDuration
        self.options = options
        offsetPrefix = Self.randomPrefix()
    }

    /// Eight random base-36 digits.
    static func randomPrefix() -> String {
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in digits[Int.random(in: 0..<digits.count, using: &generator)] })
    }

    /// A fresh offset: the prefix and a counter in base 36.
    mutating func makeOffset() -> String {
        defer { nextOffsetNumber &+= 1 }
        return offsetPrefix + String(nextOffsetNumber, radix: 36)
    }

    /// Gives `packet` a fresh offset (appended as its last argument), stores it and returns the offset.
    mutating func store(_ packet: inout BroadcastPacket, options: BroadcastOptions, now: ContinuousClock.Instant)
        -> String
    {
        let offset = makeOffset()
        packet.appendArgument(offset)
        storeStamped(packet, offset: offset, options: options, now: now)
        return offset
    }

    /// Stores a packet that already ends with `offset` (another node's broadcast); a known offset is ignored.
    mutating func storeStamped(
        _ packet: BroadcastPacket, offset: String, options: BroadcastOptions, now: ContinuousClock.Instant
    ) {
        purge(now: now)
        guard sequences[offset] == nil, self.options.maxStoredPackets > 0 else { return }
        if packets.count >= self.options.maxStoredPackets { dropOldestPacket() }
        sequences[offset] = firstSequence &+ UInt64(packets.count)
        packets.append(
            StoredPacket(offset: offset, packet: packet, rooms: options.rooms, except: options.except, emittedAt: now)
        )
    }

    private mutating func dropOldestPacket() {
        guard let oldest = packets.popFirst() else { return }
        sequences[oldest.offset] = nil
        firstSequence &+= 1
    }

    /// Keeps `session` until `maxDisconnectionDuration` from now (replacing an earlier one with the same pid).
    mutating func persist(_ session: PersistedSession, now: ContinuousClock.Instant) {
        purge(now: now)
        guard options.maxPersistedSessions > 0 else { return }
        let expiresAt = now + maxDisconnectionDuration
        while sessions.count >= options.maxPersistedSessions, sessions[session.pid] == nil,
            let oldest = sessionQueue.popFirst()
        {
            if sessions[oldest.pid]?.expiresAt == oldest.expiresAt { sessions[oldest.pid] = nil }
        }
        sessions[session.pid] = StoredSession(session: session, expiresAt: expiresAt)
        sessionQueue.append((session.pid, expiresAt))
    }

    /// Removes and returns the session `pid` with the packets after `offset` its rooms would have received; `nil`
    /// when the session is unknown or expired or the offset is not stored (then the session stays, in case the
    /// client tries again with a better offset before it expires).
    mutating func restore(pid: PrivateSessionID, offset: String, now: ContinuousClock.Instant) -> RestoredSession? {
        purge(now: now)
        guard let stored = sessions[pid], stored.expiresAt >= now else { return nil }
        guard let sequence = sequences[offset], sequence >= firstSequence else { return nil }
        sessions[pid] = nil
        var rooms = stored.session.rooms
        rooms.insert(stored.session.id)
        var missed: [BroadcastPacket] = []
        let start = packets.index(packets.startIndex, offsetBy: Int(sequence - firstSequence) + 1)
        for packet in packets[start...] where Self.reaches(packet, rooms: rooms) {
            missed.append(packet.packet)
        }
        return RestoredSession(session: stored.session, missedPackets: missed)
    }

    /// Whether a socket in `rooms` (its own id included) was a target of `packet`.
    static func reaches(_ packet: StoredPacket, rooms: Set<Room>) -> Bool {
        (packet.rooms.isEmpty || !packet.rooms.isDisjoint(with: rooms)) && packet.except.isDisjoint(with: rooms)
    }

    /// Drops packets emitted and sessions persisted longer than `maxDisconnectionDuration` ago.
    mutating func purge(now: ContinuousClock.Instant) {
        while let first = packets.first, first.emittedAt + maxDisconnectionDuration < now { dropOldestPacket() }
        while let first = sessionQueue.first, first.expiresAt < now {
            sessionQueue.removeFirst()
            if sessions[first.pid]?.expiresAt == first.expiresAt { sessions[first.pid] = nil }
        }
    }
}
