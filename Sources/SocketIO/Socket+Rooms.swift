public import Adapters
import Synchronization

extension Socket {
    /// Joins rooms (the socket's own id room is implied).
    public func join(_ rooms: Room...) async {
        await join(Set(rooms))
    }

    /// Joins a set of rooms (nothing once the socket has left).
    public func join(_ rooms: Set<Room>) async {
        let added = rooms.subtracting([id])
        let accepted = joined.withLock { joined -> Bool in
            guard !leftRooms.load(ordering: .acquiring) else { return false }
            if !(namespace.adapter is SynchronousBroadcastAdapter) { joined.formUnion(added) }
            return true
        }
        guard accepted else { return }
        await namespace.adapter.addAll(id, rooms: added)
        // The socket left while the adapter was adding it: its cleanup may have run first, so undo the join.
        if leftRooms.load(ordering: .acquiring) { await namespace.adapter.deleteAll(id) }
    }

    /// Joins rooms before returning, without a task, when the adapter answers synchronously (the in-memory
    /// adapter); returns false, having done nothing, for any other adapter (use `await join` there). For
    /// synchronous handlers that answer with the room's state at once.
    @discardableResult
    public func joinNow(_ rooms: Room...) -> Bool {
        guard let adapter = namespace.adapter as? SynchronousBroadcastAdapter else { return false }
        // Checked and applied under the rooms lock, so a socket that already left is not added back.
        joined.withLock { _ in
            guard !leftRooms.load(ordering: .acquiring) else { return }
            adapter.addAllNow(id, rooms: Set(rooms).subtracting([id]))
        }
        return true
    }

    /// Leaves a room (leaving the socket's own id room is allowed, as in the reference).
    public func leave(_ room: Room) async {
        if !(namespace.adapter is SynchronousBroadcastAdapter) { joined.withLock { _ = $0.remove(room) } }
        await namespace.adapter.delete(id, room: room)
    }

    /// Leaves several rooms.
    public func leave(_ rooms: Set<Room>) async {
        for room in rooms { await leave(room) }
    }

    /// Broadcasts to `room` (and more rooms chained with `to`), leaving this socket out.
    public func to(_ rooms: Room...) -> BroadcastOperator {
        broadcast.to(Set(rooms))
    }

    /// Same as `to`.
    public func `in`(_ rooms: Room...) -> BroadcastOperator {
        broadcast.to(Set(rooms))
    }

    /// Broadcasts to every socket of the namespace but those in `rooms` and this one.
    public func except(_ rooms: Room...) -> BroadcastOperator {
        broadcast.except(Set(rooms))
    }

    /// Broadcasts to every socket of the namespace but this one.
    public var broadcast: BroadcastOperator {
        BroadcastOperator(namespace: namespace, except: [id])
    }

    /// Leaves every room for good (the socket left, or middleware refused it): later joins do nothing.
    func leaveAllRooms() {
        joined.withLock { joined in
            leftRooms.store(true, ordering: .releasing)
            joined.removeAll()
        }
    }
}
