import NIOCore
import SIOParser
import SIOParserNIO

/// Called once with the answer to an emit, or with the reason none will come.
typealias SocketIOAckCallback = @Sendable (Result<SIOArguments, SocketIOClientError>) -> Void

/// The protocol logic of one namespace socket: connect / disconnect, the emit buffer, ack bookkeeping and the
/// recovery state. Inputs in, actions out; no network, no locks, no handlers (the socket performs the actions).
struct SocketIOSocketStateMachine: Sendable {
    /// Where the socket is.
    enum State: Sendable, Equatable {
        /// Not trying to connect: never asked to, or disconnected by `disconnect()`, DISCONNECT or CONNECT_ERROR.
        case inactive
        /// Wants the namespace: waiting for the Engine.IO connection or for the CONNECT answer.
        case connecting
        /// The server accepted the namespace; `id` is the socket id it gave.
        case connected(id: String)
    }

    /// What the socket must do.
    enum Action: Sendable {
        /// Write a packet on the Engine.IO connection of `generation` (dropped if that connection is gone).
        case send(SocketIOOutbound, generation: Int)
        /// The namespace is connected: notify `connect` handlers and resume `connect()` callers.
        case connected(id: String, recovered: Bool)
        /// A connection attempt failed: notify `connect_error` handlers; when `final`, `connect()` callers throw.
        case connectFailed(SocketIOClientError, final: Bool)
        /// The application gave up connecting: `connect()` callers throw, no `connect_error` handler runs.
        case abandonConnect(SocketIOClientError)
        /// The socket left the connected state: notify `disconnect` handlers and fail the pending acks.
        case disconnected(SocketIODisconnectReason, failedAcks: [SocketIOAckCallback])
        /// An event for the handlers; `ackID` when the server asked for an answer.
        case event(name: String, arguments: SIOArguments, ackID: UInt64?)
        /// The answer to one of our emits.
        case ack(SocketIOAckCallback, SIOArguments)
        /// The socket no longer wants a connection (the manager may close it).
        case leave
    }

    /// The namespace, e.g. `/` or `/chat`.
    let namespace: String
    /// The CONNECT payload the application gave.
    var auth: JSONValue?
    private(set) var state: State = .inactive
    /// The private session id from the last CONNECT answer (connection state recovery).
    private(set) var pid: String?
    /// The offset of the last event received while `pid` was set.
    private(set) var lastOffset: String?
    /// Whether the last CONNECT answer restored the previous session.
    private(set) var recovered = false
    /// The Engine.IO connection the socket's packets go to.
    private(set) var generation = 0
    /// The connection a CONNECT was last sent on, so a connection is asked once.
    private var connectSentGeneration: Int?
    private var nextAckID: UInt64 = 0
    private var acks: [UInt64: SocketIOAckCallback] = [:]
    /// Emits waiting for the connection, in order.
    private(set) var buffer: [SocketIOOutbound] = []
    /// Events received while connecting, handed to the handlers on CONNECT (the reference's `receiveBuffer`).
    private(set) var receiveBuffer: [(name: String, arguments: SIOArguments, ackID: UInt64?)] = []
    /// The bound on `buffer` and on `receiveBuffer`.
    let maxBuffered: Int
    private let encoder = SIOPacketEncoder()

    init(namespace: String, auth: JSONValue?, maxBuffered: Int) {
        self.namespace = namespace
        self.auth = auth
        self.maxBuffered = maxBuffered
    }

    /// Whether the socket wants a connection.
    var isActive: Bool {
        switch state {
        case .inactive: false
        case .connecting, .connected: true
        }
    }

    /// How many emits wait for an answer.
    var pendingAckCount: Int { acks.count }

    // MARK: - Application inputs

    /// `connect()`: from now on the socket wants the namespace.
    mutating func connectRequested() {
        switch state {
        case .inactive:
            state = .connecting
            connectSentGeneration = nil
        case .connecting, .connected:
            break
        }
    }

    /// `disconnect()`: a DISCONNECT if connected, the acks failed, the buffer dropped.
    mutating func disconnectRequested() -> [Action] {
        switch state {
        case .inactive:
            return []
        case .connecting:
            state = .inactive
            buffer.removeAll()
            receiveBuffer.removeAll()
            return [.abandonConnect(.disconnected.with("disconnect() was called")), .leave]
        case .connected:
            var text: [UInt8] = []
            var actions: [Action] = []
            if (try? encoder.encodeDisconnect(namespace: namespace, into: &text)) != nil {
                actions.append(.send(SocketIOOutbound(text: text), generation: generation))
            }
            state = .inactive
            buffer.removeAll()
            receiveBuffer.removeAll()
            actions.append(.disconnected(.clientDisconnect, failedAcks: takeAcks()))
            actions.append(.leave)
            return actions
        }
    }

    /// The next ack id, for an emit that wants an answer; `callback` is called once.
    mutating func registerAck(_ callback: @escaping SocketIOAckCallback) -> UInt64 {
        let id = nextAckID
        nextAckID &+= 1
        acks[id] = callback
        return id
    }

    /// Forgets an ack (timed out or cancelled); returns its callback if it was still pending.
    mutating func removeAck(_ id: UInt64) -> SocketIOAckCallback? {
        acks.removeValue(forKey: id)
    }

    /// An encoded emit: written now when connected, else queued (volatile ones dropped, as the reference does).
    mutating func emit(_ packet: SocketIOOutbound, volatile: Bool) throws(SocketIOClientError) -> [Action] {
        switch state {
        case .connected:
            return [.send(packet, generation: generation)]
        case .inactive, .connecting:
            if volatile { return [] }
            guard buffer.count < maxBuffered else {
                throw .bufferFull.with("\(buffer.count) emits already wait for the connection (maxBufferedEmits)")
            }
            buffer.append(packet)
            return []
        }
    }

    /// A packet the application sends only while connected (an answer to the server's ack request).
    mutating func sendIfConnected(_ packet: SocketIOOutbound) -> [Action] {
        switch state {
        case .connected: [.send(packet, generation: generation)]
        case .inactive, .connecting: []
        }
    }

    // MARK: - Connection inputs

    /// The Engine.IO connection `generation` is open: a connecting socket sends its CONNECT (auth, plus the
    /// recovery `pid` and `offset` once the server gave a pid).
    mutating func engineOpened(generation: Int) -> [Action] {
        switch state {
        case .inactive, .connected:
            return []
        case .connecting:
            guard connectSentGeneration != generation else { return [] }
            connectSentGeneration = generation
            self.generation = generation
            var text: [UInt8] = []
            do {
                try encoder.encodeConnect(namespace: namespace, payload: connectPayload(), into: &text)
            } catch {
                state = .inactive
                return [.connectFailed(.encodingFailed.with("CONNECT: \(error)"), final: true), .leave]
            }
            return [.send(SocketIOOutbound(text: text), generation: generation)]
        }
    }

    /// The CONNECT payload: the auth object with `pid` and `offset` added when recovering (auth keys win, as
    /// `Object.assign({pid, offset}, auth)` in the reference).
    func connectPayload() -> JSONValue? {
        guard let pid else { return auth }
        var pairs: [(String, JSONValue)] = [("pid", .string(pid))]
        if let lastOffset { pairs.append(("offset", .string(lastOffset))) }
        if case .object(let object)? = auth {
            let own = Set(object.keys)
            pairs.removeAll { own.contains($0.0) }
            pairs.append(contentsOf: object.map { ($0.key, $0.value) })
        }
        return .object(JSONObject(pairs))
    }

    /// The Engine.IO connection could not be opened; `willRetry` when the manager tries again.
    mutating func engineOpenFailed(_ detail: String, willRetry: Bool) -> [Action] {
        switch state {
        case .inactive, .connected:
            return []
        case .connecting:
            let error = SocketIOClientError.connectionFailed.with(detail)
            guard !willRetry else { return [.connectFailed(error, final: false)] }
            state = .inactive
            buffer.removeAll()
            receiveBuffer.removeAll()
            return [.connectFailed(error, final: true), .leave]
        }
    }

    /// The Engine.IO connection closed; `willReconnect` when the manager opens another.
    mutating func engineClosed(_ reason: SocketIODisconnectReason, willReconnect: Bool) -> [Action] {
        switch state {
        case .inactive:
            return []
        case .connecting:
            receiveBuffer.removeAll()
            guard !willReconnect else { return [] }
            state = .inactive
            buffer.removeAll()
            receiveBuffer.removeAll()
            return [.connectFailed(.connectionFailed.with("the connection closed: \(reason)"), final: true)]
        case .connected:
            state = willReconnect ? .connecting : .inactive
            connectSentGeneration = nil
            return [.disconnected(reason, failedAcks: takeAcks())]
        }
    }

    /// A packet for this namespace.
    mutating func received(_ packet: SIOPacket<ByteBufferView>) -> [Action] {
        switch packet.type {
        case .connect: return receivedConnect(packet)
        case .connectError: return receivedConnectError(packet)
        case .disconnect:
            switch state {
            case .inactive, .connecting:
                return []
            case .connected:
                state = .inactive
                buffer.removeAll()
                return [.disconnected(.serverDisconnect, failedAcks: takeAcks()), .leave]
            }
        case .event, .binaryEvent:
            guard let name = packet.eventName?.stringValue else { return [] }
            switch state {
            case .inactive:
                return []
            case .connecting:
                // Kept for CONNECT, as the reference does; beyond the bound they are dropped.
                if receiveBuffer.count < maxBuffered {
                    receiveBuffer.append((name, SIOArguments(packet: packet), packet.ackID))
                }
                return []
            case .connected:
                return [deliver(name: name, arguments: SIOArguments(packet: packet), ackID: packet.ackID)]
            }
        case .ack, .binaryAck:
            guard let id = packet.ackID, let callback = acks.removeValue(forKey: id) else { return [] }
            return [.ack(callback, SIOArguments(packet: packet))]
        default:
            return []
        }
    }

    /// An event for the handlers; with a pid, a string last argument is the recovery offset.
    private mutating func deliver(name: String, arguments: SIOArguments, ackID: UInt64?) -> Action {
        if pid != nil, !arguments.isEmpty, let offset = arguments.value(at: arguments.count - 1)?.stringValue {
            lastOffset = offset
        }
        return .event(name: name, arguments: arguments, ackID: ackID)
    }

    private mutating func receivedConnect(_ packet: SIOPacket<ByteBufferView>) -> [Action] {
        switch state {
        case .inactive, .connected:
            return []
        case .connecting:
            guard let payload = packet.payload?.root, let sid = payload["sid"]?.stringValue else {
                state = .inactive
                let error = SocketIOClientError.connectError(
                    message: "the CONNECT answer has no sid (a Socket.IO v2 server?)", data: nil)
                return [.connectFailed(error, final: true), .leave]
            }
            let newPid = payload["pid"]?.stringValue
            recovered = newPid != nil && newPid == pid
            pid = newPid
            if !recovered { lastOffset = nil }
            state = .connected(id: sid)
            // The reference's order: buffered received events, then buffered emits, then the connect event.
            var actions: [Action] = []
            for event in receiveBuffer {
                actions.append(deliver(name: event.name, arguments: event.arguments, ackID: event.ackID))
            }
            receiveBuffer.removeAll()
            for queued in buffer { actions.append(.send(queued, generation: generation)) }
            buffer.removeAll()
            actions.append(.connected(id: sid, recovered: recovered))
            return actions
        }
    }

    private mutating func receivedConnectError(_ packet: SIOPacket<ByteBufferView>) -> [Action] {
        switch state {
        case .inactive, .connected:
            return []
        case .connecting:
            state = .inactive
            buffer.removeAll()
            receiveBuffer.removeAll()
            let payload = packet.payload?.root
            let message = payload?["message"]?.stringValue ?? payload?.stringValue ?? "connection refused"
            let data = payload?["data"]?.decodedValue()
            return [.connectFailed(.connectError(message: message, data: data), final: true), .leave]
        }
    }

    private mutating func takeAcks() -> [SocketIOAckCallback] {
        let callbacks = acks.sorted { $0.key < $1.key }.map(\.value)
        acks.removeAll()
        return callbacks
    }
}
