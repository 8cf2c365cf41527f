/// The rooms one socket joined besides its own id room, stored without a heap allocation for zero or one room
/// (a room name of up to 15 UTF-8 bytes lives inside its `String`): most sockets are in at most one extra room.
enum JoinedRooms: Sendable {
    case none
    case one(Room)
    case many(Set<Room>)

    /// Adds a room; whether it was new.
    mutating func insert(_ room: Room) -> Bool {
        switch self {
        case .none:
            self = .one(room)
            return true
        case .one(let existing):
            guard existing != room else { return false }
            self = .many([existing, room])
            return true
        case .many(var rooms):
            self = .none  // keep the set uniquely referenced while it changes
            let inserted = rooms.insert(room).inserted
            self = .many(rooms)
            return inserted
        }
    }

    /// Removes a room; whether it was there. A set shrunk to one room goes back to the inline form.
    mutating func remove(_ room: Room) -> Bool {
        switch self {
        case .none:
            return false
        case .one(let existing):
            guard existing == room else { return false }
            self = .none
            return true
        case .many(var rooms):
            self = .none
            let removed = rooms.remove(room) != nil
            if rooms.count == 1, let last = rooms.first {
                self = .one(last)
            } else {
                self = rooms.isEmpty ? .none : .many(rooms)
            }
            return removed
        }
    }

    /// The rooms as a set.
    var set: Set<Room> {
        switch self {
        case .none: []
        case .one(let room): [room]
        case .many(let rooms): rooms
        }
    }

    /// The rooms, for iteration.
    var all: [Room] {
        switch self {
        case .none: []
        case .one(let room): [room]
        case .many(let rooms): Array(rooms)
        }
    }

    /// Heap capacity held (0 for the inline forms), for the memory tests.
    var capacity: Int {
        if case .many(let rooms) = self { return rooms.capacity }
        return 0
    }
}
