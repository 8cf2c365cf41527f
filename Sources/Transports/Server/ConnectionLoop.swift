import NIOCore
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

    /// The registry, while the server lives.
    var registry: ConnectionRegistry? { weakRegistry.value }
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
