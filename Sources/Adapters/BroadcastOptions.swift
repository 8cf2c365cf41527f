/// Which sockets a broadcast, fetch, join, leave or disconnect reaches (the reference's `BroadcastOptions`).
///
/// No rooms means every socket of the namespace; otherwise the sockets in any of `rooms`. Sockets in any of
/// `except` are left out.
public struct BroadcastOptions: Hashable, Sendable {
    /// The target rooms; empty for the whole namespace.
    public var rooms: Set<Room>
    /// Rooms whose sockets are excluded.
    public var except: Set<Room>
    /// Delivery flags.
    public var flags: BroadcastFlags

    /// Options; by default every socket of the namespace with default flags.
    public init(rooms: Set<Room> = [], except: Set<Room> = [], flags: BroadcastFlags = BroadcastFlags()) {
        self.rooms = rooms
        self.except = except
        self.flags = flags
    }
}
