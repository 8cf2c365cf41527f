/// The command line of `sio-demo`: `--host`, `--port`, `--config FILE`, `--log-level`, `--help`.
public struct DemoFlags: Sendable, Equatable {
    /// The log levels `--log-level` accepts, as swift-log names them.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// The address to bind.
    public var host = "127.0.0.1"
    /// The port to bind (0 picks a free one).
    public var port = 3000
    /// A configuration file; nil runs the embedded default.
    public var configPath: String? = nil
    /// The log level (one of `logLevels`); `debug` shows the `log` middleware's lines.
    public var logLevel = "info"
    /// Whether `--help` was asked.
    public var help = false

    /// The usage text.
    public static let usage = """
        usage: sio-demo [--host HOST] [--port PORT] [--config FILE] [--log-level LEVEL]
        Serves the Socket.IO chat demo: the page at http://HOST:PORT/ and Socket.IO at /socket.io/.
          --host HOST     address to bind (default 127.0.0.1)
          --port PORT     port to bind, 0 for any free port (default 3000)
          --config FILE   JSON configuration (default: the embedded copy of Examples/SIODemo/sio-demo.json)
          --log-level L   trace, debug (every event), info (default), notice, warning, error, critical
          --help          this text
        """

    /// The defaults.
    public init() {}

    /// Parses `arguments` (without the program name). `--name value` and `--name=value` both work.
    public init(_ arguments: [String]) throws(DemoFlagError) {
        var index = 0
        func value(_ flag: String, inline: String?) throws(DemoFlagError) -> String {
            if let inline { return inline }
            guard index < arguments.count else { throw DemoFlagError("\(flag) needs a value") }
            defer { index += 1 }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            var name = argument
            var inline: String? = nil
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            switch name {
            case "--host":
                host = try value(name, inline: inline)
                guard !host.isEmpty else { throw DemoFlagError("--host needs a non-empty value") }
            case "--port":
                let raw = try value(name, inline: inline)
                guard let number = Int(raw), (0...65_535).contains(number) else {
                    throw DemoFlagError("--port: '\(raw)' is not a port number (0-65535)")
                }
                port = number
            case "--config":
                let path = try value(name, inline: inline)
                guard !path.isEmpty else { throw DemoFlagError("--config needs a file name") }
                configPath = path
            case "--log-level":
                let level = try value(name, inline: inline)
                guard Self.logLevels.contains(level) else {
                    throw DemoFlagError("--log-level: '\(level)' is not one of \(Self.logLevels.joined(separator: ", "))")
                }
                logLevel = level
            case "-h", "--help":
                guard inline == nil else { throw DemoFlagError("--help takes no value") }
                help = true
            default:
                throw DemoFlagError("unknown argument '\(argument)'")
            }
        }
    }
}

/// A command-line mistake, with a message fit for stderr.
public struct DemoFlagError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
