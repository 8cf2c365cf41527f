import EngineParser

extension EngineSessionStateMachine {
    /// A WebSocket for this session's sid connected (the reference's `onWebSocket` checks, then `_maybeUpgrade`).
    mutating func probeArrived() -> [Action] {
        // Also refused when upgrades are off: the open packet announced none, so only a misbehaving client tries.
        guard config.allowsUpgrade, readyState == .open, transport == .polling, upgrade == .none else {
            return [.refuseProbe]
        }
        upgrade = .waitingForProbe
        return [.armUpgradeTimeout(config.upgradeTimeout)]
    }

    /// A packet arrived on the probe WebSocket.
    mutating func receiveOnProbe(_ packet: Inbound) -> [Action] {
        var actions: [Action] = []
        switch upgrade {
        case .waitingForProbe, .probed: break
        case .none, .upgraded: return actions
        }
        switch packet {
        case .ping(probe: true):
            upgrade = .probed
            actions.append(.writeProbe(.control(.pong, text: "probe")))
            // The reference first checks after 100 ms; answering a GET that is already pending at once is faster and
            // equivalent for the client.
            actions.append(.armUpgradeCheck(config.upgradeCheckInterval))
            noopPendingPoll(into: &actions)
        case .upgrade where readyState != .closed:
            actions.append(.cancelUpgradeTimers)
            // A real client finishes its last poll before it sends `5`, so a GET pending now was sent after `5`
            // and only overtook it on another connection (another event loop here). It gets what a GET after the
            // upgrade gets: 400. The reference answers it with a close packet, which it can only do when the GET
            // arrives first, since one thread reads both connections in arrival order.
            if getPending {
                getPending = false
                actions.append(.refusePendingPoll)
            }
            upgrade = .upgraded
            transport = .websocket
            webSocketWritable = true
            actions.append(.promoteProbe)
            actions.append(.upgraded)
            if case .waitingForGET(let reason) = pendingClose {
                pendingClose = .none
                closeTransport(reason, discard: false, into: &actions)
            } else {
                flush(into: &actions)
                if readyState == .closing, case .none = pendingClose {
                    closeTransport(.forcedClose, discard: false, into: &actions)
                }
            }
        case .open, .close, .ping, .pong, .message, .upgrade, .noop, .parseError:
            upgrade = .none
            actions.append(.cancelUpgradeTimers)
            actions.append(.closeProbe)
        }
        return actions
    }

    /// The periodic upgrade check: a pending GET gets a noop so the client can finish the upgrade.
    mutating func upgradeCheckFired() -> [Action] {
        var actions: [Action] = []
        guard upgrade == .probed, readyState != .closed else { return actions }
        actions.append(.armUpgradeCheck(config.upgradeCheckInterval))
        noopPendingPoll(into: &actions)
        return actions
    }

    private mutating func noopPendingPoll(into actions: inout [Action]) {
        if transport == .polling, getPending {
            getPending = false
            actions.append(.respondPoll([.control(.noop)]))
        }
    }

    /// The client did not finish the upgrade in time.
    mutating func upgradeTimedOut() -> [Action] {
        switch upgrade {
        case .waitingForProbe, .probed:
            upgrade = .none
            return [.cancelUpgradeTimers, .closeProbe]
        case .none, .upgraded:
            return []
        }
    }

    /// The probe WebSocket ended before the upgrade finished.
    mutating func probeClosed() -> [Action] {
        switch upgrade {
        case .waitingForProbe, .probed:
            upgrade = .none
            return [.cancelUpgradeTimers, .forgetProbe]
        case .none, .upgraded:
            return []
        }
    }
}
