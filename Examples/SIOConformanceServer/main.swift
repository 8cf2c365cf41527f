// The conformance server: a bare Engine.IO echo at /engine.io/ and the Socket.IO test app at /socket.io/, for the
// official protocol test suites, interop tests and load tests. Prints "listening on HOST:PORT" once it accepts connections; SIGINT/SIGTERM shut it down
// gracefully.
import Logging
import NIOCore
import ServiceLifecycle
import SocketIO
import Transports
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

let flags: ConformanceFlags
do {
    flags = try ConformanceFlags(Array(CommandLine.arguments.dropFirst()))
} catch {
    if let message = error.message { print("error: \(message)") }
    print(ConformanceFlags.usage)
    exit(error.message == nil ? 0 : 2)
}

let logger = Logger(label: "sio-conformance-server")
let engine = EngineEndpoint(
    options: flags.engineOptions(path: "/engine.io/"), handler: EngineEchoHandler(), logger: logger
)
var socketIOOptions = SocketIOServerOptions()
socketIOOptions.engine = flags.engineOptions(path: "/socket.io/")
socketIOOptions.connectTimeout = .milliseconds(Int64(flags.connectTimeout))
let io = SocketIOApp.make(options: socketIOOptions, logger: logger)
let server = EngineServer(
    host: flags.host, port: flags.port, service: EngineServiceGroup([engine, io.engine]), logger: logger)
do {
    let address = try await server.start()
    print("listening on \(flags.host):\(address.port ?? flags.port)")
    fflush(nil)
    let group = ServiceGroup(
        configuration: .init(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    )
    try await group.run()
} catch {
    print("error: \(error)")
    exit(1)
}
