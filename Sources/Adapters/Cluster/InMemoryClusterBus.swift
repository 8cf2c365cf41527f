import NIOConcurrencyHelpers

/// A testing aid: a cluster backend whose nodes are adapters in one process, so that N namespaces behave as N nodes.
///
/// Messages travel as bytes, exactly as they would over Redis or IPC (nothing else is shared between "nodes").
/// `publish` delivers to every subscriber before it returns, so a test sees every effect of an operation as soon as
/// the operation returns (except what nodes send later on their own, such as acknowledgements from clients).
public final class InMemoryClusterBus: ClusterBackend {
    private struct State {
        var subscribers: [ClusterNodeID: @Sendable ([UInt8]) async -> Void] = [:]
        var paused: Set<ClusterNodeID> = []
        var published = 0
    }

    private let state = NIOLockedValueBox(State())

    /// An empty bus.
    public init() {}

    /// Makes a `ClusterAdapter` on this bus per namespace (use one server per "node", all with the same bus).
    public func adapterFactory(options: ClusterAdapterOptions = ClusterAdapterOptions()) -> AdapterFactory {
        { ClusterAdapter(configuration: $0, backend: self, options: options) }
    }

    /// Delivers `message` to every subscriber, or to `node`, except paused nodes.
    public func publish(_ message: [UInt8], to node: ClusterNodeID?) async throws {
        let handlers = state.withLockedValue { state -> [@Sendable ([UInt8]) async -> Void] in
            state.published += 1
            if let node {
                guard !state.paused.contains(node), let handler = state.subscribers[node] else { return [] }
                return [handler]
            }
            return state.subscribers.filter { !state.paused.contains($0.key) }.map(\.value)
        }
        for handler in handlers { await handler(message) }
    }

    /// Registers a node's handler.
    public func subscribe(node: ClusterNodeID, handler: @escaping @Sendable ([UInt8]) async -> Void) async throws {
        state.withLockedValue { $0.subscribers[node] = handler }
    }

    /// Removes a node's handler.
    public func unsubscribe(node: ClusterNodeID) async {
        _ = state.withLockedValue { $0.subscribers.removeValue(forKey: node) }
    }

    /// Drops (while `paused`) every message to `node`, as if that node hung: requests to it time out.
    public func setPaused(_ paused: Bool, node: ClusterNodeID) {
        state.withLockedValue { state in
            if paused { state.paused.insert(node) } else { state.paused.remove(node) }
        }
    }

    /// How many messages were published so far.
    public var publishedCount: Int { state.withLockedValue { $0.published } }

    /// The subscribed nodes.
    public var subscribedNodes: Set<ClusterNodeID> { state.withLockedValue { Set($0.subscribers.keys) } }
}
