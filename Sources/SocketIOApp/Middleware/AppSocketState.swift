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
    private let queue = Mutex<(waiting: [Incoming], running: Bool, closed: Bool)>(([], false, false))

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
            guard queue.waiting.count < limit else { return .overflow }
            queue.waiting.append(incoming)
            return .queued
        }
    }

    /// The next waiting event, or nil (and the pipeline counts as idle) when none waits.
    func dequeue() -> Incoming? {
        queue.withLock { queue in
            guard !queue.closed, !queue.waiting.isEmpty else {
                queue.running = false
                return nil
            }
            return queue.waiting.removeFirst()
        }
    }

    /// The socket left: waiting events are dropped.
    func close() {
        queue.withLock { queue in
            queue.closed = true
            queue.waiting = []
        }
    }
}
