public import NIOCore
public import NIOHTTP1

/// Serves the requests that are not for the engine, so an application can serve its own pages on the same port.
public protocol EngineHTTPFallback: Sendable {
    /// Answers one request; `body` holds the whole request body (bounded by the host's limit) or nil.
    func handle(_ request: EngineRequestHead, body: ByteBuffer?) async -> EngineHTTPResponse
}

/// A response from an `EngineHTTPFallback`.
public struct EngineHTTPResponse: Sendable {
    /// Status.
    public var status: HTTPResponseStatus
    /// Headers; Content-Length is added by the host.
    public var headers: HTTPHeaders
    /// Body.
    public var body: ByteBuffer?
    /// A response.
    public init(status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
    }
    /// 404 with an empty body.
    public static let notFound = EngineHTTPResponse(status: .notFound)
}
