import NIOCore
import Synchronization

/// The heartbeats of every session on one event loop: a min-heap of (deadline, session) served by one NIO callback.
///
/// A NIO scheduled callback per session costs a 64-byte entry in the loop's task queue (whose array doubles), about
/// 100 bytes per idle session at 10,000 sessions, plus a 41-byte handle in the session; an entry here is 16 bytes
/// and the session keeps none. Loop-confined: every method runs on `eventLoop`, which makes `@unchecked Sendable`
/// sound.
final class EngineHeartbeatQueue: @unchecked Sendable {
    private struct Entry {
        let deadline: UInt64
        let session: EngineSession
    }

    /// The loop whose sessions this serves.
    let eventLoop: any EventLoop
    private var heap: [Entry] = []
    /// The NIO callback serving the earliest entry, and its time.
    private var armed: (at: UInt64, callback: NIOScheduledCallback)?
    /// While due entries run: their re-arms wait for the one `rearm` at the end.
    private var firing = false

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Entries waiting (tests).
    var count: Int { heap.count }

    /// Calls `session.heartbeatCallbackFired()` at `deadline`.
    func schedule(_ session: EngineSession, at deadline: NIODeadline) {
        let entry = Entry(deadline: deadline.uptimeNanoseconds, session: session)
        heap.append(entry)
        siftUp(heap.count - 1)
        if !firing { rearm() }
    }

    /// Drops `session`'s entry, if any (a scan of this loop's entries; sessions end or move a deadline earlier
    /// rarely).
    func remove(_ session: EngineSession) {
        guard let index = heap.firstIndex(where: { $0.session === session }) else { return }
        let last = heap.removeLast()
        if index < heap.count {
            heap[index] = last
            siftDown(index)
            siftUp(index)
        }
        if heap.isEmpty, let armed {
            armed.callback.cancel()
            self.armed = nil
        }
    }

    /// The NIO callback fired: every entry now due runs, in deadline order.
    fileprivate func fire() {
        armed = nil
        firing = true
        let now = eventLoop.now.uptimeNanoseconds
        while let top = heap.first, top.deadline <= now {
            popFirst()
            // May schedule again or remove others; the heap is consistent here.
            top.session.heartbeatCallbackFired()
        }
        firing = false
        rearm()
    }

    /// Makes the NIO callback serve the earliest entry.
    private func rearm() {
        guard let first = heap.first else { return }
        if let armed {
            if armed.at <= first.deadline { return }
            armed.callback.cancel()
            self.armed = nil
        }
        let handler = EngineHeartbeatQueueCallback(queue: self)
        if let callback = try? eventLoop.scheduleCallback(at: .uptimeNanoseconds(first.deadline), handler: handler) {
            armed = (first.deadline, callback)
        }
    }

    private func popFirst() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            let child = right < heap.count && heap[right].deadline < heap[left].deadline ? right : left
            guard heap[child].deadline < heap[parent].deadline else { return }
            heap.swapAt(child, parent)
            parent = child
        }
    }
}

/// Fires an `EngineHeartbeatQueue`; a value, so scheduling allocates no closure.
private struct EngineHeartbeatQueueCallback: NIOScheduledCallbackHandler, @unchecked Sendable {
    let queue: EngineHeartbeatQueue

    func handleScheduledCallback(eventLoop: some EventLoop) {
        queue.fire()
    }
}

/// One `EngineHeartbeatQueue` per event loop, made on first use.
final class EngineHeartbeatQueues: Sendable {
    private let queues = Mutex<[ObjectIdentifier: EngineHeartbeatQueue]>([:])

    /// The queue of `eventLoop`.
    func queue(for eventLoop: any EventLoop) -> EngineHeartbeatQueue {
        queues.withLock { queues in
            let key = ObjectIdentifier(eventLoop)
            if let queue = queues[key] { return queue }
            let queue = EngineHeartbeatQueue(eventLoop: eventLoop)
            queues[key] = queue
            return queue
        }
    }
}
