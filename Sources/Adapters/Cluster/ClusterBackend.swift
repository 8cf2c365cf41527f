/// The id of one node's adapter for one namespace in a cluster (random, made when the adapter is created).
public typealias ClusterNodeID = String

/// What a cluster backend (Redis, IPC, the in-memory test bus) supplies: publish and subscribe of opaque messages.
///
/// `ClusterAdapter` writes the multi-node protocol (message types, request/response correlation, timeouts,
/// membership) once, over this. Messages are bytes, so nothing Swift-specific crosses between nodes.
public protocol ClusterBackend: Sendable {
    /// Sends `message` to every subscribed node (`to == nil`; the publisher may receive its own message, which it
    /// ignores) or to one node. Returns once the backend accepted the message.
    func publish(_ message: [UInt8], to node: ClusterNodeID?) async throws
    /// Starts delivering to `handler` the messages published to every node or to `node`, in each publisher's
    /// order (the adapter is thread-safe: the handler may be called concurrently for different publishers).
    func subscribe(node: ClusterNodeID, handler: @escaping @Sendable ([UInt8]) async -> Void) async throws
    /// Stops delivering to `node`.
    func unsubscribe(node: ClusterNodeID) async
}
