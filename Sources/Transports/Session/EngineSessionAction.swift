import NIOCore
import NIOHTTP1
import WSFraming

/// What the session state machine asks its runtime to do, in order.
enum EngineSessionAction: Sendable {
    /// Answer the pending GET with these packets as one payload (the GET slot is already free).
    case respondPoll([EngineOutPacket])
    /// Answer the request that caused this input with an empty response of this status (an overlapping poll or
    /// POST, a refused POST body).
    case rejectRequest(HTTPResponseStatus)
    /// Refuse the pending GET with 400 / TRANSPORT_MISMATCH (a poll still open when the upgrade completed).
    case refusePendingPoll
    /// Read the body of the POST that caused this input.
    case readBody
    /// Write these packets to the active WebSocket, then flush.
    case writeWebSocket([EngineOutPacket])
    /// Close the active WebSocket.
    case closeWebSocket(WSCloseCode)
    /// Write one packet to the probe WebSocket (the `3probe` answer).
    case writeProbe(EngineOutPacket)
    /// Close the probe WebSocket and forget it.
    case closeProbe
    /// Forget the probe WebSocket (it is already closed).
    case forgetProbe
    /// Close the WebSocket that asked to upgrade (a second one, or one for a session that cannot upgrade).
    case refuseProbe
    /// The probe becomes the active transport; polling is left behind.
    case promoteProbe
    /// (Re)start the single heartbeat timer.
    case armHeartbeat(TimeAmount)
    /// Start the upgrade deadline.
    case armUpgradeTimeout(TimeAmount)
    /// Re-arm the periodic noop check.
    case armUpgradeCheck(TimeAmount)
    /// Stop the upgrade timers.
    case cancelUpgradeTimers
    /// Start the timer that ends a polling close no GET came for.
    case armPollingCloseTimer(TimeAmount)
    /// Stop every timer, drop the transports, unregister and tell the handler (exactly once).
    case closed(EngineCloseReason)
    /// Tell the handler the queue emptied.
    case drained
    /// Tell the handler the upgrade finished.
    case upgraded
}
