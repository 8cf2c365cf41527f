import EngineParser

/// The client session's protocol logic with no network: the polling slots (one GET, one POST), the send queue and
/// its payload split, the upgrade (probe, pause, switch), heartbeat resets and closing. Inputs in, actions out;
/// `EngineClient` performs the actions.
struct EngineClientStateMachine {
    /// What the host must do, in order.
    enum Action: Hashable, Sendable {
        /// Start the next long-poll GET.
        case startGet
        /// POST this payload.
        case startPost([UInt8])
        /// Write a text frame on the WebSocket.
        case webSocketText(String)
        /// Write a binary frame on the WebSocket.
        case webSocketBinary([UInt8])
        /// Hand a message to the application.
        case deliver(EngineClientMessage)
        /// Restart the ping deadline (pingInterval + pingTimeout).
        case resetHeartbeat
        /// Send `5` on the probed WebSocket and make it the transport (the queue's frames follow).
        case completeUpgrade
        /// Forget the probed WebSocket (it failed or closed); polling goes on.
        case dropProbe
        /// The session is over: close every transport and end the message stream.
        case close(EngineClientCloseReason)
    }

    /// Where the upgrade stands.
    enum UpgradePhase: Hashable, Sendable {
        case idle
        /// A WebSocket with the sid is connecting or has sent `2probe`.
        case probing
        /// `3probe` arrived: no new GET or POST; waiting for the in-flight ones to finish.
        case pausing
        case done
    }

    private let maxPayload: Int
    /// The most bytes of message data the queue may hold (the application sending faster than POSTs complete).
    private let maxQueuedBytes: Int
    private var queuedBytes = 0
    private(set) var transport: EngineClientTransport
    private(set) var upgrade: UpgradePhase = .idle
    private(set) var closeReason: EngineClientCloseReason?
    private var getInFlight = false
    private var postInFlight = false
    private var queue: [EnginePacket<ArraySlice<UInt8>>] = []

    /// A session opened over `transport` whose server announced `maxPayload`.
    init(transport: EngineClientTransport, maxPayload: Int, maxQueuedBytes: Int = 10_000_000) {
        self.transport = transport
        self.maxPayload = maxPayload
        self.maxQueuedBytes = maxQueuedBytes
    }

    /// Packets waiting for a transport.
    var queuedCount: Int { queue.count }

    /// The handshake is done: start the heartbeat and (polling) the first GET.
    mutating func opened() -> [Action] {
        guard closeReason == nil else { return [] }
        guard transport == .polling else { return [.resetHeartbeat] }
        getInFlight = true
        return [.resetHeartbeat, .startGet]
    }

    /// The application sends a message; throws once the session is closed.
    mutating func send(_ message: EngineClientMessage) throws(EngineClientError) -> [Action] {
        if let closeReason { throw EngineClientError.closed.with("the session ended: \(closeReason)") }
        let size =
            switch message {
            case .text(let text): text.utf8.count
            case .binary(let bytes): bytes.count
            }
        guard queuedBytes + size <= maxQueuedBytes || queue.isEmpty else {
            throw EngineClientError.sendQueueFull.with(
                "\(queuedBytes) bytes queued, \(size) more would exceed \(maxQueuedBytes)"
            )
        }
        queuedBytes += size
        switch message {
        case .text(let text): queue.append(.text(.message, Array(text.utf8)[...]))
        case .binary(let bytes): queue.append(.binary(bytes[...]))
        }
        return flush()
    }

    /// A packet from the server, over either transport.
    mutating func received(_ packet: EngineClientInbound) -> [Action] {
        guard closeReason == nil else { return [] }
        switch packet {
        case .open, .ignored:
            return []
        case .close:
            return close(.transportClose)
        case .ping(let text):
            queue.append(.text(.pong, Array(text.utf8)[...]))
            return [.resetHeartbeat] + flush()
        case .message(let message):
            return [.deliver(message)]
        }
    }

    /// A GET completed and its packets were handed to `received`.
    mutating func getSucceeded() -> [Action] {
        getInFlight = false
        guard closeReason == nil else { return [] }
        switch upgrade {
        case .pausing: return completeUpgradeIfIdle()
        case .done: return []
        case .idle, .probing:
            getInFlight = true
            return [.startGet]
        }
    }

    /// A POST was accepted.
    mutating func postSucceeded() -> [Action] {
        postInFlight = false
        guard closeReason == nil else { return [] }
        if upgrade == .pausing { return completeUpgradeIfIdle() }
        return flush()
    }

    /// A polling request failed (connection error or a status other than 200).
    mutating func requestFailed(_ detail: String) -> [Action] {
        close(.transportError.with(detail))
    }

    /// The server sent bytes that are not Engine.IO.
    mutating func parseFailed(_ detail: String) -> [Action] {
        close(.parseError.with(detail))
    }

    /// Whether to start probing a WebSocket now (only once, from an open polling session).
    mutating func startProbe() -> Bool {
        guard closeReason == nil, transport == .polling, upgrade == .idle else { return false }
        upgrade = .probing
        return true
    }

    /// `3probe` arrived: pause polling and switch once the in-flight requests are done.
    mutating func probeSucceeded() -> [Action] {
        guard closeReason == nil, upgrade == .probing else { return [] }
        upgrade = .pausing
        return completeUpgradeIfIdle()
    }

    /// The probe WebSocket could not connect or did not answer `3probe`: stay on polling.
    mutating func probeFailed() -> [Action] {
        guard upgrade == .probing || upgrade == .pausing else { return [] }
        let wasPausing = upgrade == .pausing
        upgrade = .idle
        guard closeReason == nil, wasPausing else { return [.dropProbe] }
        var actions: [Action] = [.dropProbe]
        if !getInFlight {
            getInFlight = true
            actions.append(.startGet)
        }
        return actions + flush()
    }

    /// The WebSocket ended (nil detail: cleanly). Before the switch it was only a probe.
    mutating func webSocketClosed(_ detail: String?) -> [Action] {
        guard transport == .websocket else { return probeFailed() }
        return close(detail.map { .transportError.with($0) } ?? .transportClose)
    }

    /// No ping within pingInterval + pingTimeout.
    mutating func heartbeatExpired() -> [Action] {
        close(.pingTimeout)
    }

    /// Ends the session once; later inputs do nothing.
    mutating func close(_ reason: EngineClientCloseReason) -> [Action] {
        guard closeReason == nil else { return [] }
        closeReason = reason
        queue.removeAll()
        queuedBytes = 0
        return [.close(reason)]
    }

    private mutating func completeUpgradeIfIdle() -> [Action] {
        guard !getInFlight, !postInFlight else { return [] }
        upgrade = .done
        transport = .websocket
        return [.completeUpgrade] + flush()
    }

    /// Writes what the transport can take now: everything over a WebSocket, one payload (within maxPayload, the
    /// reference client's split rule) per POST, one POST at a time, none while pausing for the upgrade.
    private mutating func flush() -> [Action] {
        guard closeReason == nil, !queue.isEmpty else { return [] }
        if transport == .websocket {
            let actions = queue.map { packet -> Action in
                var out: [UInt8] = []
                switch packet.encodeWebSocket(into: &out) {
                case .text: return .webSocketText(String(decoding: out, as: UTF8.self))
                case .binary: return .webSocketBinary(out)
                }
            }
            queue.removeAll()
            queuedBytes = 0
            return actions
        }
        guard upgrade != .pausing, !postInFlight else { return [] }
        var body: [UInt8] = []
        let count = EngineV4PayloadEncoder.encode(queue, maxPayload: maxPayload, into: &body)
        for packet in queue.prefix(count) where packet.type == .message { queuedBytes -= packet.data.count }
        queue.removeFirst(count)
        postInFlight = true
        return [.startPost(body)]
    }
}
