import Foundation
import SIOParser
import SocketIOApp
import Testing

/// Shared helpers of the configuration tests.
enum ConfigurationFixtures {
    /// `Tests/SocketIOAppTests/Fixtures/<name>`.
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
            .appendingPathComponent(name).path
    }

    /// The value `Fixtures/app.json` must decode to, written out field by field.
    static var expectedApp: SocketIOAppConfiguration {
        var expected = SocketIOAppConfiguration()
        expected.engine.path = "/chat-io/"
        expected.engine.pingInterval = 10_000
        expected.engine.pingTimeout = 5_000
        expected.engine.connectTimeout = 30_000
        expected.engine.maxHttpBufferSize = 65_536
        expected.engine.transports = ["websocket"]
        expected.engine.allowUpgrades = false
        expected.engine.allowEIO3 = true
        expected.engine.corsOrigins = ["https://chat.example.com", "http://localhost:8080"]
        expected.engine.maxAttachments = 4
        expected.connectionMiddleware = ["auth", "requestLog"]
        expected.packetMiddleware = ["rateLimit"]
        expected.namespaces = [
            "/": NamespaceConfiguration(),
            "/chat": NamespaceConfiguration(
                connectionMiddleware: ["joinLobby"], packetMiddleware: ["profanityFilter", "audit"]),
            "/admin": NamespaceConfiguration(connectionMiddleware: ["adminOnly"]),
        ]
        expected.adapter = AdapterConfiguration(type: "memory")
        expected.generateId = "uuid"
        var session = SessionConfiguration(secrets: ["new-secret", "old-secret"])
        session.store = "memory"
        session.cookieName = "chat.sid"
        session.authField = "sessionToken"
        session.maxAge = 3_600
        session.maxSessions = 5_000
        expected.session = session
        expected.settings = .object([
            "motd": .string("Welcome to the chat"),
            "maxRoomSize": .int(50),
            "ratio": .double(1.5),
            "features": .object(["typing": .bool(true), "history": .null]),
            "bannedWords": .array([.string("spam"), .string("scam")]),
        ])
        return expected
    }

    /// The error `decode(json:)` throws for `text`, failing the test when it decodes.
    static func error(decoding text: String, sourceLocation: SourceLocation = #_sourceLocation) -> AppConfigurationError? {
        do {
            let configuration = try SocketIOAppConfiguration.decode(json: text.utf8)
            Issue.record("decoded \(configuration) from \(text)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }
}
