/// What a host mounts: anything that takes requests at a path. `EngineEndpoint` is the Engine.IO one.
public protocol EngineHTTPService: AnyObject, Sendable {
    /// Whether a request for this path (without the query) belongs to the service.
    func matches(path: Substring) -> Bool
    /// Handles a plain HTTP request (any method, including OPTIONS preflight).
    func handleRequest(_ head: EngineRequestHead, exchange: any EngineHTTPExchange)
    /// Handles a WebSocket upgrade request whose WebSocket handshake is valid.
    func handleUpgrade(_ head: EngineRequestHead, upgrade: any EngineWebSocketUpgrade)
    /// Closes every session with `reason` and refuses new ones; completes when all sessions are closed.
    func shutdown(reason: EngineCloseReason) async
}
