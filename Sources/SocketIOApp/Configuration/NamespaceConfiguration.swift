/// One namespace's middleware, by registered name, run after the global ones.
public struct NamespaceConfiguration: Codable, Sendable, Equatable {
    /// Connection middleware names, in order.
    public var connectionMiddleware: [String] = []
    /// Packet middleware names, in order.
    public var packetMiddleware: [String] = []

    /// No middleware.
    public init(connectionMiddleware: [String] = [], packetMiddleware: [String] = []) {
        self.connectionMiddleware = connectionMiddleware
        self.packetMiddleware = packetMiddleware
    }
}
