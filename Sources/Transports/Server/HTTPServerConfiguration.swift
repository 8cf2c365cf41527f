import NIOCore
import Logging

/// What every connection of one `EngineServer` shares.
struct HTTPServerConfiguration: Sendable {
    /// Serves the requests its path matches.
    var service: any EngineHTTPService
    /// Serves the rest.
    var fallback: any EngineHTTPFallback
    /// Header, timing and connection limits.
    var limits: EngineConnectionLimits
    /// The largest request body read for the fallback.
    var fallbackBodyLimit: Int
    /// Logs refused connections at debug level.
    var logger: Logger
    /// The server's open connections; each connection's last handler removes its channel when torn down.
    var registry: ConnectionRegistry?
}
