import NIOCore
import WSFraming

extension EngineSession {
    /// Performs the machine's actions in order; `request` is the request that caused the input, if any.
    func perform(_ actions: [EngineSessionAction], request: EnginePollRequest? = nil) {
        for action in actions {
            perform(action, request: request)
        }
    }

    private func perform(_ action: EngineSessionAction, request: EnginePollRequest?) {
        switch action {
        case .respondPoll(let packets):
            respondPoll(packets)
        case .rejectRequest(let status):
            if let request { endpoint.respondEmpty(request, status: status) }
        case .refusePendingPoll:
            if let get = pendingGET {
                pendingGET = nil
                endpoint.refuse(get, .badRequest("TRANSPORT_MISMATCH", detail: "poll still pending at the upgrade"))
            }
        case .readBody:
            if let request { readBody(of: request) }
        case .writeWebSocket(let packets):
            if let webSocket { writeWebSocket(packets, to: webSocket) }
        case .closeWebSocket(let code):
            if let webSocket { onTransportLoop(webSocket) { $0.close(code: code) } }
        case .writeProbe(let packet):
            if let probe { writeWebSocket(CollectionOfOne(packet), to: probe) }
        case .closeProbe:
            if let probe { onTransportLoop(probe) { $0.close(code: .normalClosure) } }
            probe = nil
        case .forgetProbe:
            probe = nil
        case .refuseProbe:
            break  // handled by the caller, which holds the refused transport
        case .promoteProbe:
            webSocket = probe
            probe = nil
            dropPendingGET()
            releaseSideIfUnused()
        case .armHeartbeat(let delay):
            armHeartbeat(delay)
        case .armUpgradeTimeout(let delay):
            upgradeTimeoutTask?.cancel()
            upgradeTimeoutTask = eventLoop.scheduleTask(in: delay) { [self] in
                upgradeTimeoutTask = nil
                perform(machine.upgradeTimedOut())
            }
        case .armUpgradeCheck(let delay):
            upgradeCheckTask?.cancel()
            upgradeCheckTask = eventLoop.scheduleTask(in: delay) { [self] in
                upgradeCheckTask = nil
                perform(machine.upgradeCheckFired())
            }
        case .cancelUpgradeTimers:
            upgradeTimeoutTask?.cancel()
            upgradeTimeoutTask = nil
            upgradeCheckTask?.cancel()
            upgradeCheckTask = nil
            releaseSideIfUnused()
        case .armPollingCloseTimer(let delay):
            pollingCloseTask?.cancel()
            pollingCloseTask = eventLoop.scheduleTask(in: delay) { [self] in
                pollingCloseTask = nil
                perform(machine.pollingCloseTimedOut())
            }
        case .closed(let reason):
            didClose(reason)
        case .drained:
            resumeDrainWaiters()
            endpoint.handler.sessionDrained(self)
        case .upgraded:
            endpoint.handler.sessionUpgraded(self)
        }
    }

    /// The session ended: timers stop, transports are let go, the registry and the handler hear of it.
    private func didClose(_ reason: EngineCloseReason) {
        stopHeartbeat()
        upgradeTimeoutTask?.cancel()
        upgradeTimeoutTask = nil
        upgradeCheckTask?.cancel()
        upgradeCheckTask = nil
        pollingCloseTask?.cancel()
        pollingCloseTask = nil
        dropPendingGET()
        webSocket = nil
        side = nil
        resumeDrainWaiters()
        endpoint.sessionDidClose(self, reason: reason)
    }

    /// A GET the machine no longer counts (polling discarded or the session closed) is not answered again.
    private func dropPendingGET() {
        pendingGET = nil
    }
}
