import Logging
import SIOParserNIO
import SocketIO
import Synchronization

/// What the application keeps per socket: its session, its connection lifecycle and its queue of events waiting
/// for the pipeline (one event at a time, in arrival order).
final class AppSocketState: Sendable {
    /// One incoming event.
    struct Incoming: Sendable {
        let event: String
        let arguments: SIOArguments
        let ack: SocketAck?
        /// The `connection` system route's turn rather than a client event.
        var isConnection = false
    }

    /// What `enqueue` decided.
    enum Admission {
        /// The caller starts the pipeline task with this event.
        case start
        /// The event waits behind the running one.
        case queued
        /// The bound was exceeded: the connection must close.
        case overflow
        /// The socket is gone.
        case dropped
    }

    let socket: Socket
    let namespace: NamespaceRuntime
    let session: Session?
    let logger: Logger
    let lifecycle = ConnectionLifecycle()
    private let queue = Mutex(EventQueue())

    /// Events waiting behind the running one; `head` skips the ones taken, so taking is O(1).
    private struct EventQueue {
        var waiting: [Incoming] = []
        var head = 0
        var running = false
        var closed = false
        var count: Int { waiting.count - head }
    }

    init(socket: Socket, namespace: NamespaceRuntime, session: Session?, logger: Logger) {
        self.socket = socket
        self.namespace = namespace
        self.session = session
        self.logger = logger
    }

    /// Admits an event: it starts the pipeline when idle, waits otherwise (at most `limit` waiting).
    func enqueue(_ incoming: Incoming, limit: Int) -> Admission {
        queue.withLock { queue in
            if queue.closed { return .dropped }
            guard queue.running else {
                queue.running = true
                return .start
            }
            guard queue.count < limit else { return .overflow }
            queue.waiting.append(incoming)
            return .queued
        }
    }

    /// The next waiting event, or nil (and the pipeline counts as idle) when none waits.
    func dequeue() -> Incoming? {
        queue.withLock { queue in
            guard !queue.closed, queue.count > 0 else {
                queue.running = false
                queue.waiting = []
                queue.head = 0
                return nil
            }
            let incoming = queue.waiting[queue.head]
            queue.head += 1
            if queue.head >= 64, queue.head * 2 >= queue.waiting.count {
                queue.waiting.removeFirst(queue.head)
                queue.head = 0
            }
            return incoming
        }
    }

    /// The socket left: waiting events are dropped.
    func close() {
        queue.withLock { queue in
            queue.closed = true
            queue.waiting = []
            queue.head = 0
        }
    }
}
