/// What an adapter is created with: its namespace and the server's settings that concern it.
public struct AdapterConfiguration: Sendable {
    /// The namespace the adapter serves.
    public var namespace: any AdapterNamespace
    /// How long a disconnected session stays restorable; `nil` when connection state recovery is off (then
    /// broadcasts get no offset and nothing is stored).
    public var maxDisconnectionDuration: Duration?

    /// A configuration from its parts.
    public init(namespace: any AdapterNamespace, maxDisconnectionDuration: Duration? = nil) {
        self.namespace = namespace
        self.maxDisconnectionDuration = maxDisconnectionDuration
    }
}

/// Makes the adapter of each namespace (the reference's `adapter` option).
public typealias AdapterFactory = @Sendable (AdapterConfiguration) -> any SocketIOAdapter
