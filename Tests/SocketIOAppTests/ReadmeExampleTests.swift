import Logging
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOApp
import SocketIOTesting
import Testing
import Transports

/// The README's application example (configuration, a middleware, a controller, the test client), compiled and run.
@Suite struct ReadmeAppExampleTests {
    struct Chat: Codable, Sendable { var text: String }
    struct Receipt: Codable, Sendable, Equatable { var received: Int }

    struct ChatController: SocketController {
        let context: EventContext
        init(context: EventContext) { self.context = context }

        func message(_ chat: Chat) async throws -> Receipt {
            guard !chat.text.isEmpty else { throw AppEventError("empty message") }
            return Receipt(received: chat.text.count)
        }
    }

    static let configurationFile = #"""
        {
          "engine": { "pingInterval": 25000, "pingTimeout": 20000, "corsOrigins": ["https://app.example.com"] },
          "connectionMiddleware": ["auth"],
          "namespaces": { "/": {}, "/chat": { "packetMiddleware": ["log"] } },
          "adapter": { "type": "memory" },
          "session": { "secrets": ["change-me"], "maxAge": 86400 },
          "settings": { "anything": "your application reads with configuration.settings(as:)" }
        }
        """#

    @Test func exampleRuns() async throws {
        let configuration = try SocketIOAppConfiguration.decode(json: Self.configurationFile.utf8)
        let app = SocketIOApplication(configuration: configuration)
        let log = Recorder<String>()
        app.register(connectionMiddleware: "auth") { context, next in
            guard context.auth["token"]?.stringValue == "secret" else { throw SocketConnectError("not authorized") }
            log.append("connected")
            try await next()
            log.append("disconnected")
        }
        app.register(packetMiddleware: "log") { context, next in
            try await next()
            log.append("handled \(context.event)")
        }
        app.namespace("/chat").route("message", to: ChatController.message, reply: .emit("message:reply"))
        let io = try app.start()
        let server = EngineServer(host: "127.0.0.1", port: 0, service: io.engine)
        let port = try #require(try await server.start().port)

        let client = try await SocketIOTestClient.connect(port: port, namespace: "/chat", auth: ["token": "secret"])
        #expect(try await client.sendWithAck("message", Chat(text: "hi"), as: Receipt.self) == Receipt(received: 2))
        #expect(try await client.next("message:reply", as: Receipt.self) == Receipt(received: 2))
        let failed = try await client.sendWithAck("message", Chat(text: ""))
        #expect(failed.value(at: 0)?["error"]?.stringValue == "empty message")
        await client.close()
        #expect(try await log.wait(count: 4) == ["connected", "handled message", "handled message", "disconnected"])

        await #expect(throws: (any Error).self) {
            try await SocketIOTestClient.connect(port: port, namespace: "/chat", auth: ["token": "wrong"])
        }
        await server.shutdown()
    }
}
