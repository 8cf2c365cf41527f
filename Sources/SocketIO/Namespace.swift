public import Adapters
import Logging
import SIOParser
import SIOParserNIO
import Synchronization

/// A namespace (`/`, `/chat`, ...): its sockets, its middleware and handlers, and its adapter.
public final class Namespace: NamespaceRegistering, @unchecked Sendable {
    /// The namespace's name.
    public let name: String
    /// The server.
    public unowned let server: SocketIOServer
    /// Middleware and handlers.
    public let setup = NamespaceSetup()
    /// The parent this namespace was created by, for a dynamic namespace.
    public let parent: ParentNamespace?
    /// Rooms and fan-out.
    public private(set) var adapter: any SocketIOAdapter = PlaceholderAdapter()
    /// The local sockets by id.
    let socketTable = Mutex<[SocketID: Socket]>([:])
    /// Orders broadcasts through an adapter that suspends (created on first use).
    var broadcastQueue: SerialTaskQueue { lazyQueue.withLock { queue in
        if let queue { return queue }
        let created = SerialTaskQueue()
        queue = created
        return created
    } }
    let lazyQueue = Mutex<SerialTaskQueue?>(nil)
    /// Acknowledgement ids, shared by every socket of the namespace (so a broadcast uses one id for all).
    let ackIDs = Atomic<UInt64>(0)

    init(name: String, server: SocketIOServer, parent: ParentNamespace?) {
        self.name = name
        self.server = server
        self.parent = parent
        let configuration = AdapterConfiguration(
            namespace: self,
            maxDisconnectionDuration: server.options.connectionStateRecovery?.maxDisconnectionDuration)
        adapter = server.options.adapter(configuration)
    }

    /// The sockets connected to this namespace on this node.
    public var sockets: [SocketID: Socket] { socketTable.withLock { $0 } }

    /// The local socket with this id.
    public func socket(id: SocketID) -> Socket? { socketTable.withLock { $0[id] } }

    /// How many sockets are connected to this namespace on this node.
    public var socketCount: Int { socketTable.withLock { $0.count } }

    /// The registrations in force: the parent's (for a dynamic namespace), then the namespace's own.
    var registrations: NamespaceSetup.Registrations {
        var own = setup.snapshot
        guard let parent else { return own }
        let inherited = parent.setup.snapshot
        own.middlewares = inherited.middlewares + own.middlewares
        own.connectionHandlers = inherited.connectionHandlers + own.connectionHandlers
        own.eventHandlers = inherited.eventHandlers + own.eventHandlers
        own.anyEventHandlers = inherited.anyEventHandlers + own.anyEventHandlers
        own.disconnectingHandlers = inherited.disconnectingHandlers + own.disconnectingHandlers
        own.disconnectHandlers = inherited.disconnectHandlers + own.disconnectHandlers
        own.serverSideHandlers = inherited.serverSideHandlers + own.serverSideHandlers
        return own
    }

    /// The namespace-wide named and catch-all event handlers, read per event under one lock per setup.
    var eventHandlerSets: (named: [SocketEventHandler], any: [@Sendable (Socket, String, SIOArguments, SocketAck?) -> Void]) {
        let own = setup.registrations.withLock { ($0.eventHandlers, $0.anyEventHandlers) }
        guard let parent else { return own }
        let inherited = parent.setup.registrations.withLock { ($0.eventHandlers, $0.anyEventHandlers) }
        return (inherited.0 + own.0, inherited.1 + own.1)
    }

    var disconnectingHandlers: [@Sendable (Socket, DisconnectReason) -> Void] { registrations.disconnectingHandlers }
    var disconnectHandlers: [@Sendable (Socket, DisconnectReason) -> Void] { registrations.disconnectHandlers }

    /// A fresh acknowledgement id.
    func allocateAckID() -> UInt64 {
        ackIDs.add(1, ordering: .relaxed).oldValue
    }

    /// Lists a socket that connected.
    func insert(_ socket: Socket) {
        socketTable.withLock { $0[socket.id] = socket }
    }

    /// Unlists a socket that left.
    func remove(_ socket: Socket) {
        socketTable.withLock { table in
            if table[socket.id] === socket { table[socket.id] = nil }
        }
    }

    /// A socket left: a dynamic child left empty goes away when the server says so.
    func removedSocket() {
        guard let parent, server.options.cleanupEmptyChildNamespaces, socketCount == 0 else { return }
        parent.removeChildIfEmpty(self)
    }
}
