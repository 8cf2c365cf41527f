public import NIOCore
public import Logging

/// The Engine.IO server, independent of the network: handshakes, the session registry, polling and WebSocket
/// transports, upgrades, heartbeats (the reference's `Server` minus the HTTP listener). (Owner: engine core.)
///
/// A host (`EngineServer`, or a web-framework adapter) hands it requests through `EngineHTTPService`.
public final class EngineEndpoint: EngineHTTPService, @unchecked Sendable {
    /// The options it was made with.
    public let options: EngineServerOptions
    /// Where session events go.
    public let handler: any EngineHandler
    /// Logs refusals and session ends at debug level.
    public let logger: Logger

    /// An endpoint with these options, reporting to `handler`.
    public init(options: EngineServerOptions, handler: any EngineHandler, logger: Logger = Logger(label: "engine")) {
        self.options = options
        self.handler = handler
        self.logger = logger
    }

    /// The number of open sessions (the reference's `clientsCount`).
    public var clientsCount: Int { 0 }

    /// The session with this id, if open.
    public func session(id: String) -> EngineSession? { nil }

    /// Whether the path is the endpoint's (prefix match on `options.normalizedPath`).
    public func matches(path: Substring) -> Bool {
        let p = options.normalizedPath
        return options.addTrailingSlash ? path.hasPrefix(p) : (path == p || path.hasPrefix(p + "/"))
    }

    /// Handles an HTTP request at the path.
    public func handleRequest(_ head: EngineRequestHead, exchange: any EngineHTTPExchange) {}

    /// Handles a WebSocket upgrade at the path.
    public func handleUpgrade(_ head: EngineRequestHead, upgrade: any EngineWebSocketUpgrade) {}

    /// Closes every session with `reason` and refuses new ones.
    public func shutdown(reason: EngineCloseReason) async {}
}
