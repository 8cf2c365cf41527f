public import Logging
public import SocketIOApp

/// What `sio-demo` does with its flags: read the configuration (the file, or the embedded default) and start.
public enum DemoLauncher {
    /// The configuration in the file at `path`, or the embedded default when nil.
    public static func configuration(path: String?) throws(AppConfigurationError) -> SocketIOAppConfiguration {
        guard let path else { return try SocketIOAppConfiguration.decode(json: DemoDefaultConfiguration.json.utf8) }
        return try SocketIOAppConfiguration.load(contentsOfFile: path)
    }

    /// Starts the demo as `flags` say.
    public static func start(flags: DemoFlags, logger: Logger) async throws -> DemoServer {
        try await DemoServer.start(
            host: flags.host, port: flags.port, configuration: configuration(path: flags.configPath), logger: logger)
    }
}

/// A configuration that cannot start the demo.
public struct DemoLaunchError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
