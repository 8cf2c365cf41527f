/// Why a session closed. The `description` is the reference's reason string, which the layer above passes on
/// (Socket.IO's disconnect reasons are these strings).
public struct EngineCloseReason: Hashable, Sendable, CustomStringConvertible {
    private enum Base: Hashable, Sendable {
        case transportClose, transportError, pingTimeout, parseError, forcedClose, serverShuttingDown
        case sendQueueOverflow
    }

    private let base: Base
    /// Extra context for logs (e.g. "poll connection closed prematurely"); not part of equality.
    public let detail: String?

    private init(_ base: Base, _ detail: String? = nil) {
        self.base = base
        self.detail = detail
    }

    /// The client closed the transport (a close packet, or the connection went away cleanly).
    public static let transportClose = EngineCloseReason(.transportClose)
    /// The transport failed: an aborted poll, overlapping requests, a WebSocket protocol error, a write error.
    public static let transportError = EngineCloseReason(.transportError)
    /// No pong (v4) or ping (v3) arrived in time.
    public static let pingTimeout = EngineCloseReason(.pingTimeout)
    /// The client sent bytes that are not Engine.IO.
    public static let parseError = EngineCloseReason(.parseError)
    /// The server closed the session (`EngineSession.close()`).
    public static let forcedClose = EngineCloseReason(.forcedClose)
    /// The server is shutting down.
    public static let serverShuttingDown = EngineCloseReason(.serverShuttingDown)
    /// The session's send queue overflowed under `EngineSendQueueLimits.Policy.closeSession`.
    public static let sendQueueOverflow = EngineCloseReason(.sendQueueOverflow)

    /// The same reason with context for logs.
    public func with(detail: String) -> EngineCloseReason { EngineCloseReason(base, detail) }

    /// The reason string, as the reference spells it.
    public var description: String {
        switch base {
        case .transportClose: "transport close"
        case .transportError: "transport error"
        case .pingTimeout: "ping timeout"
        case .parseError: "parse error"
        case .forcedClose: "forced close"
        case .serverShuttingDown: "server shutting down"
        case .sendQueueOverflow: "send queue overflow"
        }
    }

    /// Equal when the reasons are the same, whatever the detail.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.base == rhs.base }
    /// Hashes the reason only.
    public func hash(into hasher: inout Hasher) { hasher.combine(base) }
}
