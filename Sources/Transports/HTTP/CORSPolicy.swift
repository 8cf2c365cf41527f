import NIOHTTP1

/// Applies an `EngineCORS` configuration to requests: the origin check and the CORS response headers.
/// (Owner: HTTP helpers. Stub: replace the bodies.)
struct CORSPolicy: Sendable {
    /// The outcome of checking a request's Origin.
    enum Decision: Sendable {
        /// Serve the request; add these headers to its response.
        case allowed(HTTPHeaders)
        /// Refuse with 403 / code 4 (the Origin is not accepted).
        case denied(origin: String)
    }

    let configuration: EngineCORS

    init(_ configuration: EngineCORS) { self.configuration = configuration }

    /// Checks the Origin of any engine request (handshake, polling, upgrade).
    func check(_ head: EngineRequestHead) -> Decision { .allowed([:]) }

    /// The response to an OPTIONS preflight at the engine path: 204 and the preflight headers when the origin is
    /// accepted, 403 otherwise.
    func preflight(_ head: EngineRequestHead) -> (status: HTTPResponseStatus, headers: HTTPHeaders) {
        (.noContent, [:])
    }
}
