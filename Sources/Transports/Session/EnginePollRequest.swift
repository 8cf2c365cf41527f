import NIOHTTP1

/// A polling request (GET or POST) the endpoint accepted, with what its response needs.
struct EnginePollRequest: Sendable {
    /// Where the response goes.
    let exchange: any EngineHTTPExchange
    /// The request, for the header hooks and compression negotiation.
    let head: EngineRequestHead
    /// The CORS headers the origin check granted.
    let cors: HTTPHeaders
    /// Whether this is the handshake (the cookie and `initialHeaders` go on its response).
    let isHandshake: Bool
}
