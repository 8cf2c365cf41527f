/// One namespace as `start()` resolved it: its full chains and its routes.
struct NamespaceRuntime: Sendable {
    let name: String
    /// Global configured, global code, namespace configured, namespace code.
    let connectionChain: MiddlewareChain<ConnectionContext>
    /// The same levels; a route's own middleware is appended per event.
    let packetChain: MiddlewareChain<PacketContext>
    let routes: [String: Route]
    let systemRoutes: [SystemEvent: @Sendable (EventContext) async throws -> Void]
}
