import Foundation
public import Logging
import SIOParser

/// What `sio-demo` does with its flags: read the configuration (the file, or the embedded default) and start.
public enum DemoLauncher {
    /// The configuration text: the file at `path`, or the embedded default when nil.
    public static func configurationText(path: String?) throws -> [UInt8] {
        guard let path else { return Array(DemoDefaultConfiguration.json.utf8) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DemoLaunchError("cannot read the configuration file '\(path)'")
        }
        return [UInt8](data)
    }

    /// The `settings` of a configuration text.
    public static func settings(json: [UInt8]) throws -> DemoSettings {
        let document: JSONDocument<ArraySlice<UInt8>>
        do {
            document = try JSONDocument(parsing: json[...])
        } catch {
            throw DemoLaunchError("the configuration is not valid JSON: \(error)")
        }
        guard let settings = document.root.decodedValue()["settings"] else {
            throw DemoLaunchError("the configuration has no 'settings'")
        }
        do {
            return try DemoSettings.decode(settings)
        } catch {
            throw DemoLaunchError("invalid settings: \(error)")
        }
    }

    /// Starts the demo as `flags` say.
    public static func start(flags: DemoFlags, logger: Logger) async throws -> DemoServer {
        let settings = try settings(json: configurationText(path: flags.configPath))
        return try await DemoServer.start(host: flags.host, port: flags.port, settings: settings, logger: logger)
    }
}

/// A configuration that cannot start the demo.
public struct DemoLaunchError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
