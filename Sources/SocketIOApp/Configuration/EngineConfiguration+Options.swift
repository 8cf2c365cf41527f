import NIOCore
public import SocketIO
import Transports

extension EngineConfiguration {
    /// Validates the values (see `validate(at:)`) and writes every one onto `options`: the engine's path, ping
    /// timing, buffer size, transports, upgrades, EIO3 and CORS origins, and Socket.IO's connect timeout and
    /// attachment limit. Options the configuration has no key for keep their values.
    ///
    /// `corsOrigins`: nil is same-origin only (`EngineCORS.Origins.sameOrigin`), a list containing `"*"` accepts
    /// every origin (`.any`), any other list accepts those exact origins (`.list`).
    public func apply(to options: inout SocketIOServerOptions) throws(AppConfigurationError) {
        try validate(at: "engine")
        options.engine.path = path
        options.engine.pingInterval = .milliseconds(Int64(pingInterval))
        options.engine.pingTimeout = .milliseconds(Int64(pingTimeout))
        options.engine.maxHttpBufferSize = maxHttpBufferSize
        options.engine.transports = transports.map { EngineTransportKind(name: $0) }
        options.engine.allowUpgrades = allowUpgrades
        options.engine.allowEIO3 = allowEIO3
        switch corsOrigins {
        case nil: options.engine.cors.origins = .sameOrigin
        case let origins? where origins.contains("*"): options.engine.cors.origins = .any
        case let origins?: options.engine.cors.origins = .list(origins)
        }
        options.connectTimeout = .milliseconds(Int64(connectTimeout))
        options.maxAttachments = maxAttachments
    }
}
