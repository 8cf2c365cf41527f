public import NIOCore
public import NIOHTTP1

/// One HTTP request and its response at the engine path, as the host (`EngineServer`, or a web framework adapter)
/// provides it to `EngineEndpoint`.
///
/// Methods may be called from any thread; the host hops to its own event loop. `respond` is called exactly once.
public protocol EngineHTTPExchange: AnyObject, Sendable {
    /// The event loop of the connection that carries the request; a new session lives on it.
    var eventLoop: any EventLoop { get }
    /// Reads the whole request body and calls back once (on `eventLoop`). Fails with `.tooLarge` as soon as the
    /// declared Content-Length or the bytes received pass `limit`, before buffering them; with `.aborted` if the
    /// client goes away first.
    func readBody(limit: Int, _ completion: @escaping @Sendable (Result<ByteBuffer, EngineBodyError>) -> Void)
    /// Sends the response and ends the exchange. If the body was not read to its end, the host closes the
    /// connection after writing.
    func respond(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer?)
    /// Registers a callback, run once on `eventLoop`, if the client goes away before `respond` (an aborted poll).
    func onAbort(_ callback: @escaping @Sendable () -> Void)
}

/// Why a request body could not be read.
public struct EngineBodyError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Base: Hashable, Sendable { case tooLarge, aborted }
    private let base: Base
    private init(_ base: Base) { self.base = base }
    /// The body is larger than the limit (answered with 413).
    public static let tooLarge = EngineBodyError(.tooLarge)
    /// The connection closed before the body ended.
    public static let aborted = EngineBodyError(.aborted)
    /// The cause's name.
    public var description: String { base == .tooLarge ? "body too large" : "connection aborted" }
}
