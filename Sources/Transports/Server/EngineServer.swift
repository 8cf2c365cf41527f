public import NIOCore
public import Logging
public import ServiceLifecycle

/// An HTTP/1.1 server on SwiftNIO hosting an `EngineHTTPService` (normally an `EngineEndpoint`) at its path and an
/// `EngineHTTPFallback` for every other request. (Owner: network edge. Skeleton.)
public final class EngineServer: Service, @unchecked Sendable {
    /// Runs until graceful shutdown (ServiceLifecycle), then shuts down.
    public func run() async throws {}
}
