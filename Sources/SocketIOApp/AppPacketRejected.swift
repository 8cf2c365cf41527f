/// Packet middleware refused an event: the handler did not run. Reported to the namespace's `error` route.
public struct AppPacketRejected: Error, Sendable, CustomStringConvertible {
    /// The refused event's name.
    public var event: String
    /// What the middleware threw.
    public var underlying: any Error

    /// A refusal of `event` because of `underlying`.
    public init(event: String, underlying: any Error) {
        self.event = event
        self.underlying = underlying
    }

    /// A one-line message.
    public var description: String { "packet middleware refused \(event): \(underlying)" }
}
