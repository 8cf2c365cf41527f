import NIOCore

/// Session state that only polling sessions and upgrades use, allocated on first use.
final class EnginePollingSide {
    /// The GET waiting for packets.
    var pendingGET: EnginePollRequest?
    /// The WebSocket that is probing for an upgrade.
    var probe: (any EngineWebSocketTransport)?
    /// The upgrade deadline.
    var upgradeTimeoutTask: Scheduled<Void>?
    /// The periodic noop check while an upgrade waits.
    var upgradeCheckTask: Scheduled<Void>?
    /// The end of a polling close no GET came for.
    var pollingCloseTask: Scheduled<Void>?

    /// Whether nothing is held any more (the side can be dropped).
    var isEmpty: Bool {
        pendingGET == nil && probe == nil && upgradeTimeoutTask == nil && upgradeCheckTask == nil
            && pollingCloseTask == nil
    }
}

extension EngineSession {
    /// The side state, made when first needed.
    private var ensuredSide: EnginePollingSide {
        if let side { return side }
        let made = EnginePollingSide()
        side = made
        return made
    }

    /// The GET waiting for packets.
    var pendingGET: EnginePollRequest? {
        get { side?.pendingGET }
        set { if newValue != nil || side != nil { ensuredSide.pendingGET = newValue } }
    }

    /// The WebSocket that is probing for an upgrade.
    var probe: (any EngineWebSocketTransport)? {
        get { side?.probe }
        set { if newValue != nil || side != nil { ensuredSide.probe = newValue } }
    }

    /// The upgrade deadline.
    var upgradeTimeoutTask: Scheduled<Void>? {
        get { side?.upgradeTimeoutTask }
        set { if newValue != nil || side != nil { ensuredSide.upgradeTimeoutTask = newValue } }
    }

    /// The periodic upgrade check.
    var upgradeCheckTask: Scheduled<Void>? {
        get { side?.upgradeCheckTask }
        set { if newValue != nil || side != nil { ensuredSide.upgradeCheckTask = newValue } }
    }

    /// The polling close timer.
    var pollingCloseTask: Scheduled<Void>? {
        get { side?.pollingCloseTask }
        set { if newValue != nil || side != nil { ensuredSide.pollingCloseTask = newValue } }
    }

    /// Drops the side state once the session no longer polls and nothing is pending.
    func releaseSideIfUnused() {
        if machine.transport == .websocket, let side, side.isEmpty { self.side = nil }
    }
}
