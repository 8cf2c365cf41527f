// sio-demo: the Socket.IO chat demo. Prints "listening on http://HOST:PORT" once it accepts connections;
// SIGINT/SIGTERM shut it down gracefully.
import Logging
import ServiceLifecycle
import SIODemoKit
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `text` and a newline to stderr.
func printError(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

let flags: DemoFlags
do {
    flags = try DemoFlags(Array(CommandLine.arguments.dropFirst()))
} catch {
    printError("sio-demo: \(error.message)")
    printError(DemoFlags.usage)
    exit(2)
}
if flags.help {
    print(DemoFlags.usage)
    exit(0)
}

var logger = Logger(label: "sio-demo")
logger.logLevel = Logger.Level(rawValue: flags.logLevel) ?? .info
do {
    let server = try await DemoLauncher.start(flags: flags, logger: logger)
    print("listening on http://\(flags.host):\(server.port)")
    fflush(nil)
    let group = ServiceGroup(
        configuration: .init(services: [server.http], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    )
    try await group.run()
    await server.shutdown()
} catch {
    printError("sio-demo: \(error)")
    exit(1)
}
