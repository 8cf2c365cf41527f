import Logging
import NIOCore
import NIOPosix
import SocketIO
import SocketIOTesting
import Transports

/// Event loops shared by the in-memory tests (two, so that cross-loop paths run).
let testGroup = MultiThreadedEventLoopGroup(numberOfThreads: 2)

/// A server with test-friendly options and an in-memory connection factory.
struct TestServer {
    let io: SocketIOServer

    init(_ configure: (inout SocketIOServerOptions) -> Void = { _ in }) {
        var options = SocketIOServerOptions()
        options.engine.pingInterval = .seconds(20)
        options.engine.pingTimeout = .seconds(20)
        options.connectTimeout = .seconds(5)
        configure(&options)
        io = SocketIOServer(options: options, logger: Logger(label: "test"))
    }

    /// A new in-memory client; `loop` picks one of the two test loops.
    func client(query: String = "", loop: Int = 0, answersPings: Bool = true) async throws -> SocketIOTestConnection {
        let loops = Array(testGroup.makeIterator())
        return try await SocketIOTestConnection.open(
            io.engine, eventLoop: loops[loop % loops.count], query: query, answersPings: answersPings)
    }
}
