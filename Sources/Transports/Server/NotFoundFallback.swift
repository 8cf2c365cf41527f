import NIOCore

/// The default fallback: 404 with an empty body for every request.
struct NotFoundFallback: EngineHTTPFallback {
    func handle(_ request: EngineRequestHead, body: ByteBuffer?) async -> EngineHTTPResponse { .notFound }
}
