/// Which sockets are in which rooms, for one namespace on one node.
///
/// A socket's own-id room is implied, never stored: a socket in no other room costs one dictionary entry whose
/// room set is the empty set (which Swift does not allocate), and `rooms` never holds an entry per socket.
struct RoomIndex: Sendable {
    /// Each room with at least one member, and its members.
    private(set) var rooms: [Room: Set<SocketID>] = [:]
    /// Each known socket and the rooms it joined besides its own-id room.
    private(set) var sids: [SocketID: JoinedRooms] = [:]

    /// Registers a socket (if new) and adds it to `rooms`; its own id is skipped (implied).
    mutating func add(_ id: SocketID, to rooms: Set<Room>) {
        var joined = sids.removeValue(forKey: id) ?? .none
        for room in rooms where room != id {
            if joined.insert(room) {
                self.rooms[room, default: []].insert(id)
            }
        }
        sids[id] = joined
    }

    /// Removes a socket from one room; a room left empty is dropped. The own-id room cannot be left.
    mutating func remove(_ id: SocketID, from room: Room) {
        guard var joined = sids.removeValue(forKey: id) else { return }
        let removed = joined.remove(room)
        // An emptied set goes back to `.none`: an idle socket costs nothing beyond its entry.
        sids[id] = joined
        if removed { removeMember(id, of: room) }
    }

    /// Forgets a socket and removes it from every room; rooms left empty are dropped.
    mutating func removeAll(_ id: SocketID) {
        guard let joined = sids.removeValue(forKey: id) else { return }
        for room in joined.all { removeMember(id, of: room) }
    }

    private mutating func removeMember(_ id: SocketID, of room: Room) {
        guard var members = rooms.removeValue(forKey: room) else { return }
        members.remove(id)
        if !members.isEmpty { rooms[room] = members }
    }

    /// Whether the socket is known.
    func contains(_ id: SocketID) -> Bool { sids[id] != nil }

    /// The socket's rooms, its own id included, or `nil` when unknown.
    func rooms(of id: SocketID) -> Set<Room>? {
        guard var joined = sids[id]?.set else { return nil }
        joined.insert(id)
        return joined
    }

    /// How many known sockets are in any of `rooms` (all known sockets when empty).
    func count(in rooms: Set<Room>) -> Int {
        if rooms.isEmpty { return sids.count }
        if rooms.count == 1, let room = rooms.first {
            return (self.rooms[room]?.count ?? 0) + (sids[room] != nil ? 1 : 0)
        }
        return members(of: rooms).count
    }

    /// Every known socket in any of `rooms`, a room named after a known socket's id counting that socket.
    func members(of rooms: Set<Room>) -> Set<SocketID> {
        var ids = Set<SocketID>()
        for room in rooms {
            if let members = self.rooms[room] { ids.formUnion(members) }
            if sids[room] != nil { ids.insert(room) }
        }
        return ids
    }

    /// The sockets in any of `rooms` (every known socket when empty) and in none of `except`, each once.
    func targets(rooms: Set<Room>, except: Set<Room>) -> [SocketID] {
        let excluded = except.isEmpty ? [] : members(of: except)
        if rooms.isEmpty {
            if excluded.isEmpty { return Array(sids.keys) }
            return sids.keys.filter { !excluded.contains($0) }
        }
        if rooms.count == 1, let room = rooms.first {
            // The common case, one room: no intermediate set.
            var ids = Array(self.rooms[room] ?? [])
            if sids[room] != nil { ids.append(room) }  // a socket never joins its own id room
            return excluded.isEmpty ? ids : ids.filter { !excluded.contains($0) }
        }
        let ids = members(of: rooms)
        return excluded.isEmpty ? Array(ids) : ids.filter { !excluded.contains($0) }
    }

    /// The number of known sockets.
    var socketCount: Int { sids.count }
}
