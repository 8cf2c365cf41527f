import NIOCore
import WSFraming
import Synchronization

/// What the WebSocket handlers of one server on one event loop share: the loop and the server's connection
/// registry, behind one reference (two would cost every idle WebSocket 16 more bytes, past a malloc size class).
final class ConnectionLoop: Sendable {
    /// The loop.
    let eventLoop: any EventLoop
    /// The server's open connections (weak: the registry caches this object).
    private let weakRegistry: WeakRegistry

    /// A context for `eventLoop`, reporting teardowns to `registry` (none outside `EngineServer`).
    init(eventLoop: any EventLoop, registry: ConnectionRegistry?) {
        self.eventLoop = eventLoop
        self.weakRegistry = WeakRegistry(registry)
    }

    /// WebSocket handlers with writes waiting for this loop iteration's flush (loop-confined).
    private let flushes = FlushBatch()
    /// The array the loop's WebSocket handlers collect a message's actions in (loop-confined), so a message
    /// costs no array allocation.
    private let scratch = ActionScratch()

    /// The registry, while the server lives.
    var registry: ConnectionRegistry? { weakRegistry.value }

    /// Flushes `handler` once the loop has handled this iteration's I/O: several messages written to one
    /// connection in one iteration (broadcasts handled back to back) then leave in one write syscall. Loop-confined.
    func scheduleFlush(_ handler: WebSocketTransportHandler) {
        flushes.pending.append(handler)
        guard !flushes.scheduled else { return }
        flushes.scheduled = true
        let flushes = flushes
        eventLoop.assumeIsolated().execute {
            let handlers = flushes.pending
            flushes.pending.removeAll(keepingCapacity: true)
            flushes.scheduled = false
            for handler in handlers { handler.flushNow() }
        }
    }
}

extension ConnectionLoop {
    /// The loop's empty action array, taken for one message; a nested taker (a handler delivering while another
    /// performs) gets a new empty array. Loop-confined.
    func takeActions() -> [WSConnection.Action] {
        var actions: [WSConnection.Action] = []
        swap(&actions, &scratch.actions)
        return actions
    }

    /// Empties `actions` (keeping its capacity) and keeps it for the next message. Loop-confined.
    func returnActions(_ actions: inout [WSConnection.Action]) {
        actions.removeAll(keepingCapacity: true)
        swap(&actions, &scratch.actions)
    }
}

/// The action array a loop's WebSocket handlers reuse; only ever touched on that loop.
private final class ActionScratch: @unchecked Sendable {
    var actions: [WSConnection.Action] = []
}

/// The handlers a loop flushes at the end of its iteration; only ever touched on that loop.
private final class FlushBatch: @unchecked Sendable {
    var pending: [WebSocketTransportHandler] = []
    var scheduled = false
}

/// A weak reference to a registry, readable from any thread.
private final class WeakRegistry: Sendable {
    private let reference: Mutex<Reference>

    private struct Reference {
        weak var value: ConnectionRegistry?
    }

    init(_ registry: ConnectionRegistry?) {
        reference = Mutex(Reference(value: registry))
    }

    var value: ConnectionRegistry? { reference.withLock { $0.value } }
}
