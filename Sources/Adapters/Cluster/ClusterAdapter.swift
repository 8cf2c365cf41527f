import NIOConcurrencyHelpers
import SIOParser
import SIOParserNIO

/// An adapter for one namespace on one node of a cluster: local rooms and delivery through an `InMemoryAdapter`,
/// everything that spans nodes as messages over a `ClusterBackend` (the reference's `ClusterAdapter`).
///
/// Membership: `start()` announces the node and every other node answers, `shutdown()` says goodbye, any message
/// from a node makes it known, every node sends a heartbeat each `heartbeatInterval`, and a node silent for
/// `heartbeatTimeout` is forgotten (requests stop waiting for it); `serverCount()` is 1 plus the nodes known.
public final class ClusterAdapter: SocketIOAdapter {
    /// This node's random id.
    public let nodeID: ClusterNodeID
    /// This node's part: rooms, local delivery and connection state recovery.
    public let local: InMemoryAdapter
    /// Timeouts.
    public let options: ClusterAdapterOptions
    let backend: any ClusterBackend
    /// The other nodes, with when each was last heard from.
    let nodes = NIOLockedValueBox<[ClusterNodeID: ContinuousClock.Instant]>([:])
    /// The heartbeat loop, while started.
    let heartbeat = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// The clock heartbeat timeouts are measured with (injectable for tests).
    let now: @Sendable () -> ContinuousClock.Instant
    let fetchRequests = ClusterRequests<[SocketDetails]>()
    let emitRequests = ClusterRequests<EncodedArguments>()
    /// The callbacks of this node's broadcasts with acknowledgements, by request id, while answers may come.
    let ackRequests = NIOLockedValueBox<[String: AckCallbacks]>([:])

    struct AckCallbacks: Sendable {
        var onClientCount: @Sendable (Int) -> Void
        var onAck: @Sendable (SIOArguments) -> Void
    }

    /// An adapter for the namespace in `configuration`, talking to its peers over `backend`.
    public init(
        configuration: AdapterConfiguration, backend: any ClusterBackend,
        options: ClusterAdapterOptions = ClusterAdapterOptions(),
        localOptions: InMemoryAdapterOptions = InMemoryAdapterOptions(),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        nodeID = Self.randomID()
        local = InMemoryAdapter(configuration: configuration, options: localOptions, now: now)
        self.backend = backend
        self.options = options
        self.now = now
    }

    /// Sixteen random hex digits.
    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    var namespace: any AdapterNamespace { local.configuration.namespace }

    func message(_ kind: ClusterMessage.Kind) -> ClusterMessage {
        ClusterMessage(kind, uid: nodeID, namespace: namespace.name)
    }

    /// Subscribes to the backend, announces this node (every running node answers, so they know each other) and
    /// starts the heartbeats.
    public func start() async throws {
        try await backend.subscribe(node: nodeID) { [weak self] bytes in await self?.receive(bytes) }
        try await backend.publish(message(.initialHeartbeat).encoded(), to: nil)
        let interval = options.heartbeatInterval
        let task = Task { [weak self] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                guard let self else { return }
                await self.publishIgnoringFailure(self.message(.heartbeat))
                self.forgetSilentNodes()
            }
        }
        heartbeat.withLockedValue { $0 = task }
    }

    /// Forgets the nodes not heard from for `heartbeatTimeout` (run after each heartbeat; tests call it directly).
    func forgetSilentNodes() {
        let threshold = now() - options.heartbeatTimeout
        let gone = nodes.withLockedValue { nodes in
            let gone = nodes.filter { $0.value < threshold }.map(\.key)
            for node in gone { nodes[node] = nil }
            return gone
        }
        for node in gone { nodeLeft(node) }
    }

    /// Stops waiting for a node that left.
    func nodeLeft(_ node: ClusterNodeID) {
        fetchRequests.nodeLeft(node)
        emitRequests.nodeLeft(node)
    }

    /// Says goodbye to the other nodes, stops the heartbeats, unsubscribes, and fails the requests still waiting.
    public func shutdown() async {
        heartbeat.withLockedValue { $0 }?.cancel()
        try? await backend.publish(message(.adapterClose).encoded(), to: nil)
        await backend.unsubscribe(node: nodeID)
        fetchRequests.failAll()
        emitRequests.failAll()
        ackRequests.withLockedValue { $0.removeAll() }
    }

    /// This node plus the other nodes known.
    public func serverCount() async -> Int { 1 + nodes.withLockedValue { $0.count } }

    /// The other nodes known.
    public var peers: Set<ClusterNodeID> { nodes.withLockedValue { Set($0.keys) } }

    /// Adds a local socket to rooms.
    public func addAll(_ id: SocketID, rooms: Set<Room>) async { await local.addAll(id, rooms: rooms) }
    /// Removes a local socket from a room.
    public func delete(_ id: SocketID, room: Room) async { await local.delete(id, room: room) }
    /// Removes a local socket from every room.
    public func deleteAll(_ id: SocketID) async { await local.deleteAll(id) }
    /// The local sockets in any of `rooms`.
    public func sockets(in rooms: Set<Room>) async -> Set<SocketID> { await local.sockets(in: rooms) }
    /// A local socket's rooms.
    public func rooms(of id: SocketID) async -> Set<Room>? { await local.rooms(of: id) }

    /// Keeps a disconnected local socket's session (on this node: the client must reconnect to it to recover;
    /// every node stores every broadcast under the same offset, so the missed packets are complete).
    public func persistSession(_ session: PersistedSession) async { await local.persistSession(session) }
    /// Restores a session kept on this node.
    public func restoreSession(pid: PrivateSessionID, offset: String) async -> RestoredSession? {
        await local.restoreSession(pid: pid, offset: offset)
    }

    /// Publishes, ignoring a failure (for operations whose signature cannot report one, as the reference).
    func publishIgnoringFailure(_ message: ClusterMessage, to node: ClusterNodeID? = nil) async {
        try? await backend.publish(message.encoded(), to: node)
    }
}
