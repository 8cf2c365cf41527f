
extension EngineSessionStateMachine {
    /// Decides what happens to an application message (`EngineSession.send`).
    mutating func send(_ packet: EngineOutPacket, volatile: Bool) -> SendDecision {
        guard readyState == .open else { return .result(.closed, []) }
        if queue.isEmpty {
            switch transport {
            case .websocket:
                if webSocketWritable { return .writeNow }
            case .polling:
                if getPending {
                    getPending = false
                    return .result(.written, [.respondPoll([packet])])
                }
            }
        }
        if volatile { return .result(.droppedVolatile, []) }
        let limits = config.sendQueue
        if queuedMessages + 1 > limits.maxPackets || queuedBytes + packet.queuedBytes > limits.maxBytes {
            switch limits.policy {
            case .dropVolatile, .failSend:
                return .result(.queueFull, [])
            case .closeSession:
                var actions: [Action] = []
                finish(.sendQueueOverflow, into: &actions)
                return .result(.queueFull, actions)
            }
        }
        queue.append(packet)
        queuedMessages += 1
        queuedBytes += packet.queuedBytes
        drainWanted = true
        return .result(.queued, [])
    }

    /// Hands queued packets to the transport when it can take them, then handles an emptied queue.
    mutating func flush(into actions: inout [Action]) {
        guard readyState != .closed else { return }
        if !queue.isEmpty {
            switch transport {
            case .polling:
                guard getPending else { return }
                getPending = false
                let count = isV3 ? queue.count : Self.fittingCount(queue, maxPayload: config.maxPayload)
                actions.append(.respondPoll(take(count)))
            case .websocket:
                guard webSocketWritable else { return }
                actions.append(.writeWebSocket(take(queue.count)))
            }
        }
        guard queue.isEmpty else { return }
        if drainWanted {
            drainWanted = false
            actions.append(.drained)
        }
        if case .afterDrain(let reason) = pendingClose {
            pendingClose = .none
            closeTransport(reason, discard: false, into: &actions)
        }
    }

    /// Removes the first `count` packets from the queue, keeping the counters right.
    private mutating func take(_ count: Int) -> [EngineOutPacket] {
        let batch: [EngineOutPacket]
        if count >= queue.count {
            batch = queue
            queue = []
            queuedBytes = 0
            queuedMessages = 0
            return batch
        }
        batch = Array(queue[..<count])
        queue.removeFirst(count)
        for packet in batch where packet.isMessage {
            queuedMessages -= 1
            queuedBytes -= packet.queuedBytes
        }
        return batch
    }

    /// How many leading packets go in one v4 payload: the reference client's rule, as
    /// `EngineV4PayloadEncoder.fittingCount` applies it (the first packet always goes).
    static func fittingCount(_ packets: [EngineOutPacket], maxPayload: Int) -> Int {
        guard maxPayload > 0, packets.count > 1 else { return packets.count }
        var size = 1
        for (index, packet) in packets.enumerated() {
            size += packet.payloadEstimate
            if index > 0, size > maxPayload { return index }
            size += 2
        }
        return packets.count
    }

    /// The active WebSocket's writability changed.
    mutating func webSocketWritabilityChanged(_ writable: Bool) -> [Action] {
        var actions: [Action] = []
        guard transport == .websocket, readyState != .closed else { return actions }
        webSocketWritable = writable
        if writable { flush(into: &actions) }
        return actions
    }

    /// The active WebSocket ended (`error` when it failed rather than closed cleanly).
    mutating func webSocketClosed(error: Bool) -> [Action] {
        var actions: [Action] = []
        guard transport == .websocket else { return actions }
        finish(error ? .transportError : .transportClose, closeTransport: false, into: &actions)
        return actions
    }
}
