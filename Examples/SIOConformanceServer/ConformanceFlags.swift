import NIOCore
import Transports

/// The command line of the conformance server. Defaults are the settings the official protocol test suites expect.
struct ConformanceFlags {
    var host = "127.0.0.1"
    var port = 3000
    var pingInterval = 300
    var pingTimeout = 200
    var maxPayload = 1_000_000
    var allowEIO3 = false
    var connectTimeout = 1000

    static let usage = """
        usage: sio-conformance-server [--host H] [--port P] [--ping-interval MS] [--ping-timeout MS]
                                      [--connect-timeout MS] [--max-payload BYTES] [--allow-eio3]
        Serves a bare Engine.IO echo at /engine.io/ (every message comes back as it came) and the Socket.IO test
        app at /socket.io/ (namespaces / and /custom; auth, message-back, message-with-ack, join, leave,
        broadcast, server-ack).
        Defaults: 127.0.0.1:3000, ping interval 300 ms, ping timeout 200 ms, connect timeout 1000 ms,
        max payload 1000000, CORS open.
        """

    /// Parses `arguments` (without the program name); a bad flag is an error with the usage text.
    init(_ arguments: [String]) throws(FlagError) {
        var it = arguments.makeIterator()
        func value(_ flag: String) throws(FlagError) -> String {
            guard let v = it.next() else { throw FlagError("\(flag) needs a value") }
            return v
        }
        func int(_ flag: String, min: Int) throws(FlagError) -> Int {
            let raw = try value(flag)
            guard let v = Int(raw), v >= min else { throw FlagError("\(flag): '\(raw)' is not an integer ≥ \(min)") }
            return v
        }
        while let arg = it.next() {
            switch arg {
            case "--host": host = try value(arg)
            case "--port": port = try int(arg, min: 0)
            case "--ping-interval": pingInterval = try int(arg, min: 1)
            case "--ping-timeout": pingTimeout = try int(arg, min: 1)
            case "--max-payload": maxPayload = try int(arg, min: 1)
            case "--connect-timeout": connectTimeout = try int(arg, min: 1)
            case "--allow-eio3": allowEIO3 = true
            case "-h", "--help": throw FlagError(nil)
            default: throw FlagError("unknown argument '\(arg)'")
            }
        }
        guard port <= 65_535 else { throw FlagError("--port: \(port) is not a port") }
    }

    /// The engine options these flags describe, for an endpoint at `path`.
    func engineOptions(path: String) -> EngineServerOptions {
        var options = EngineServerOptions()
        options.path = path
        options.pingInterval = .milliseconds(Int64(pingInterval))
        options.pingTimeout = .milliseconds(Int64(pingTimeout))
        options.maxHttpBufferSize = maxPayload
        options.allowEIO3 = allowEIO3
        options.cors = EngineCORS(origins: .any)
        return options
    }
}

/// A command-line mistake; a nil message asks for the usage text alone.
struct FlagError: Error {
    let message: String?
    init(_ message: String?) { self.message = message }
}
