/// What `EngineSession.send` did with a message.
public struct EngineSendResult: Hashable, Sendable, CustomStringConvertible {
    private enum Base: Hashable, Sendable { case written, queued, droppedVolatile, queueFull, closed }
    private let base: Base
    private init(_ base: Base) { self.base = base }

    /// Handed to the transport now.
    public static let written = EngineSendResult(.written)
    /// Queued until the transport can take it (the next poll, or WebSocket writability).
    public static let queued = EngineSendResult(.queued)
    /// A volatile message the transport could not take now; dropped.
    public static let droppedVolatile = EngineSendResult(.droppedVolatile)
    /// Refused: the send queue is full (`EngineSendQueueLimits`).
    public static let queueFull = EngineSendResult(.queueFull)
    /// Refused: the session is closing or closed.
    public static let closed = EngineSendResult(.closed)

    /// True for `written` and `queued`.
    public var isAccepted: Bool { base == .written || base == .queued }

    /// The result's name.
    public var description: String {
        switch base {
        case .written: "written"
        case .queued: "queued"
        case .droppedVolatile: "droppedVolatile"
        case .queueFull: "queueFull"
        case .closed: "closed"
        }
    }
}
