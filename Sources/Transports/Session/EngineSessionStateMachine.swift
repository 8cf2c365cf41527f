import EngineParser
import NIOCore
import WSFraming

/// The protocol logic of one Engine.IO session (the reference's `Socket` plus the transports' slot rules), free of
/// I/O: every input returns the actions the runtime performs, in order.
///
/// It covers the ready state, the heartbeat, the polling GET/POST slots, the upgrade to WebSocket, the bounded send
/// queue and every way of closing. All of it runs on the session's event loop.
struct EngineSessionStateMachine {
    typealias Action = EngineSessionAction

    /// The reference's `readyState` ("opening" is never observable: a session is open once made).
    enum ReadyState: Hashable, Sendable { case open, closing, closed }
    /// The transport packets go out on.
    enum Transport: Hashable, Sendable { case polling, websocket }
    /// Where an upgrade stands.
    enum Upgrade: Hashable, Sendable {
        /// No probe transport.
        case none
        /// A WebSocket arrived; waiting for `2probe`.
        case waitingForProbe
        /// `3probe` sent; waiting for `5` while pending GETs get noops.
        case probed
        /// The session moved to WebSocket; no further upgrade.
        case upgraded
    }
    /// What the single heartbeat timer means when it fires.
    enum Heartbeat: Hashable, Sendable {
        /// v4: time to send a ping.
        case waitingForInterval
        /// v4: a ping is out; firing means ping timeout.
        case waitingForPong
        /// v3: firing means the client's ping is late.
        case waitingForClientPing
    }
    /// A close the server asked for that is not done yet.
    enum PendingClose: Sendable {
        case none
        /// Close the transport once the queue drains.
        case afterDrain(EngineCloseReason)
        /// Polling: the close packet waits for the next GET (or the polling close timeout).
        case waitingForGET(EngineCloseReason)
    }
    /// One packet as received, reduced to what the logic needs.
    enum Inbound: Hashable, Sendable {
        case open, close, ping(probe: Bool), pong(probe: Bool), message, upgrade, noop
        /// Bytes that are not an Engine.IO packet.
        case parseError
    }
    /// What `send` decided.
    enum SendDecision: Sendable {
        /// Write the message straight to the active WebSocket (nothing queued, transport writable).
        case writeNow
        /// The result, and the actions to perform.
        case result(EngineSendResult, [Action])
    }

    let config: EngineSessionConfig
    let isV3: Bool
    var readyState: ReadyState = .open
    var transport: Transport
    var upgrade: Upgrade = .none
    var heartbeat: Heartbeat
    var getPending = false
    var postPending = false
    var webSocketWritable = true
    var pendingClose: PendingClose = .none
    var queue: [EngineOutPacket] = []
    var queuedBytes = 0
    var queuedMessages = 0
    /// A send was queued since the last drain, so the handler wants to hear when the queue empties.
    var drainWanted = false

    /// A new session on `transport`.
    init(version: EngineProtocolVersion, transport: Transport, config: EngineSessionConfig) {
        self.config = config
        self.isV3 = version == .v3
        self.transport = transport
        self.heartbeat = version == .v3 ? .waitingForClientPing : .waitingForInterval
    }

    /// Whether a message sent now goes to the transport at once.
    var canWriteNow: Bool {
        guard readyState == .open, queue.isEmpty else { return false }
        switch transport {
        case .polling: return getPending
        case .websocket: return webSocketWritable
        }
    }

    /// Whether received messages are handed to the handler (only while open, as the reference does).
    var deliversMessages: Bool { readyState == .open }

    /// Queues the open packet (and the initial message) and starts the heartbeat.
    mutating func start(open: EngineOutPacket, initial: EngineOutPacket?) -> [Action] {
        queue.append(open)
        if let initial {
            queue.append(initial)
            queuedMessages += 1
            queuedBytes += initial.queuedBytes
        }
        var actions: [Action] = [.armHeartbeat(heartbeatDelay)]
        flush(into: &actions)
        return actions
    }

    /// The delay the heartbeat timer runs for in the current heartbeat state.
    private var heartbeatDelay: TimeAmount {
        switch heartbeat {
        case .waitingForInterval: config.pingInterval
        case .waitingForPong: config.pingTimeout
        case .waitingForClientPing: config.pingInterval + config.pingTimeout
        }
    }

    // MARK: Heartbeat and packets from the active transport

    /// The heartbeat timer fired.
    mutating func heartbeatFired() -> [Action] {
        guard readyState != .closed else { return [] }
        var actions: [Action] = []
        switch heartbeat {
        case .waitingForInterval:
            heartbeat = .waitingForPong
            actions.append(.armHeartbeat(config.pingTimeout))
            if readyState == .open {
                queue.append(.control(.ping))
                flush(into: &actions)
            }
        case .waitingForPong, .waitingForClientPing:
            finish(.pingTimeout, into: &actions)
        }
        return actions
    }

    /// A packet arrived on the active transport. Messages are delivered by the runtime when `deliversMessages`.
    mutating func receive(_ packet: Inbound) -> [Action] {
        var actions: [Action] = []
        switch readyState {
        case .closed:
            return actions
        case .closing:
            // Only the client's close still matters to a closing session.
            if packet == .close { clientClosed(into: &actions) }
            return actions
        case .open:
            break
        }
        switch packet {
        case .ping:
            guard isV3 else {
                finish(.transportError.with(detail: "invalid heartbeat direction"), into: &actions)
                return actions
            }
            actions.append(.armHeartbeat(config.pingInterval + config.pingTimeout))
            queue.append(.control(.pong))
            flush(into: &actions)
        case .pong:
            guard !isV3 else {
                finish(.transportError.with(detail: "invalid heartbeat direction"), into: &actions)
                return actions
            }
            heartbeat = .waitingForInterval
            actions.append(.armHeartbeat(config.pingInterval))
        case .parseError:
            finish(.parseError, into: &actions)
        case .close:
            clientClosed(into: &actions)
        case .open, .message, .upgrade, .noop:
            break
        }
        return actions
    }

    /// The client closed the transport with a close packet: a pending GET ends with a noop (the reference's
    /// polling `onClose`), a WebSocket is closed.
    mutating func clientClosed(into actions: inout [Action]) {
        switch transport {
        case .polling:
            if getPending {
                getPending = false
                actions.append(.respondPoll([.control(.noop)]))
            }
        case .websocket:
            actions.append(.closeWebSocket(.normalClosure))
        }
        finish(.transportClose, closeTransport: false, into: &actions)
    }

    /// The transport failed (overlap, aborted request, bad content, write error).
    mutating func transportError(_ detail: String) -> [Action] {
        var actions: [Action] = []
        finish(.transportError.with(detail: detail), into: &actions)
        return actions
    }

    // MARK: Closing

    /// Closes the session: after the queue drains, or at once with `discard` (the reference's `close(discard)`).
    mutating func close(reason: EngineCloseReason, discard: Bool) -> [Action] {
        var actions: [Action] = []
        switch readyState {
        case .closed:
            return actions
        case .closing:
            if discard { closeTransport(reason, discard: true, into: &actions) }
            return actions
        case .open:
            readyState = .closing
            if discard {
                closeTransport(reason, discard: true, into: &actions)
            } else if queue.isEmpty {
                closeTransport(reason, discard: false, into: &actions)
            } else {
                pendingClose = .afterDrain(reason)
            }
            return actions
        }
    }

    /// Closes the current transport for a server close (the reference's `closeTransport`).
    mutating func closeTransport(_ reason: EngineCloseReason, discard: Bool, into actions: inout [Action]) {
        switch transport {
        case .polling:
            if getPending {
                getPending = false
                actions.append(.respondPoll([.control(.close)]))
                finish(reason, closeTransport: false, into: &actions)
            } else if discard {
                finish(reason, closeTransport: false, into: &actions)
            } else {
                pendingClose = .waitingForGET(reason)
                actions.append(.armPollingCloseTimer(config.pollingCloseTimeout))
            }
        case .websocket:
            actions.append(.closeWebSocket(reason == .serverShuttingDown ? .goingAway : .normalClosure))
            finish(reason, closeTransport: false, into: &actions)
        }
    }

    /// No GET came for the close packet in time.
    mutating func pollingCloseTimedOut() -> [Action] {
        var actions: [Action] = []
        guard case .waitingForGET(let reason) = pendingClose else { return actions }
        finish(reason, closeTransport: false, into: &actions)
        return actions
    }

    /// Ends the session (the reference's `onClose`): exactly once, closing what is still open.
    mutating func finish(_ reason: EngineCloseReason, closeTransport: Bool = true, into actions: inout [Action]) {
        guard readyState != .closed else { return }
        readyState = .closed
        queue = []
        queuedBytes = 0
        queuedMessages = 0
        drainWanted = false
        pendingClose = .none
        if closeTransport {
            switch transport {
            case .polling:
                if getPending {
                    getPending = false
                    actions.append(.respondPoll([.control(.close)]))
                }
            case .websocket:
                actions.append(.closeWebSocket(reason == .serverShuttingDown ? .goingAway : .normalClosure))
            }
        }
        switch upgrade {
        case .waitingForProbe, .probed:
            upgrade = .none
            actions.append(.cancelUpgradeTimers)
            actions.append(.closeProbe)
        case .none, .upgraded:
            break
        }
        actions.append(.closed(reason))
    }
}
