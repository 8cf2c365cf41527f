import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SIOParser
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
        options.connectTimeout = .seconds(30)
        configure(&options)
        io = SocketIOServer(options: options, logger: Logger(label: "test"))
    }

    /// A new in-memory client; `loop` picks one of the two test loops.
    func client(
        query: String = "", headers: HTTPHeaders = [:], loop: Int = 0, answersPings: Bool = true,
        engineIOVersion: Int = 4
    ) async throws -> SocketIOTestConnection {
        let loops = Array(testGroup.makeIterator())
        return try await SocketIOTestConnection.open(
            io.engine, eventLoop: loops[loop % loops.count], query: query, headers: headers,
            answersPings: answersPings, engineIOVersion: engineIOVersion)
    }
}

extension TestServer {
    /// Records every socket that connects to `namespace` (after its `connection` handlers were registered).
    func recordSockets(_ namespace: String = "/") -> Recorder<Socket> {
        let sockets = Recorder<Socket>()
        io.of(namespace).onConnection { (socket: Socket) in sockets.append(socket) }
        return sockets
    }
}

extension String {
    /// The acknowledgement id of an outgoing event such as `421["q"]` or `451-7[...]` (digits before `[`).
    var ackID: Int? {
        var text = Substring(self.dropFirst(2))
        if let dash = text.firstIndex(of: "-") { text = text[text.index(after: dash)...] }
        if text.hasPrefix("/"), let comma = text.firstIndex(of: ",") { text = text[text.index(after: comma)...] }
        return Int(text.prefix { $0.isNumber })
    }
}

/// Values as compact JSON text (`[1,"x"]`), for readable expectations.
func json(_ values: [JSONValue]) -> String {
    JSONValue.array(values).serializedString()
}
