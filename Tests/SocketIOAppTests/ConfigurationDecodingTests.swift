import Foundation
import SIOParser
import SocketIOApp
import Testing

@Suite struct ConfigurationDecodingTests {
    @Test func defaultsAreTheReferenceDefaults() {
        let configuration = SocketIOAppConfiguration()
        // engine.io 6 server defaults, socket.io 4's connectTimeout and the parser's attachment limit.
        #expect(configuration.engine.path == "/socket.io/")
        #expect(configuration.engine.pingInterval == 25_000)
        #expect(configuration.engine.pingTimeout == 20_000)
        #expect(configuration.engine.connectTimeout == 45_000)
        #expect(configuration.engine.maxHttpBufferSize == 1_000_000)
        #expect(configuration.engine.transports == ["polling", "websocket"])
        #expect(configuration.engine.allowUpgrades == true)
        #expect(configuration.engine.allowEIO3 == false)
        #expect(configuration.engine.corsOrigins == nil)
        #expect(configuration.engine.maxAttachments == 10)
        #expect(configuration.connectionMiddleware.isEmpty)
        #expect(configuration.packetMiddleware.isEmpty)
        #expect(configuration.namespaces == ["/": NamespaceConfiguration()])
        #expect(configuration.adapter.type == "memory")
        #expect(configuration.generateId == nil)
        #expect(configuration.session == nil)
        #expect(configuration.settings == .object([:]))
        let session = SessionConfiguration()
        #expect(session.store == "memory")
        #expect(session.cookieName == "sio.sid")
        #expect(session.authField == "session")
        #expect(session.secrets.isEmpty)
        #expect(session.maxAge == 86_400)
        #expect(session.maxSessions == 100_000)
    }

    @Test func anEmptyObjectDecodesToTheDefaults() throws {
        #expect(try SocketIOAppConfiguration.decode(json: "{}".utf8) == SocketIOAppConfiguration())
        #expect(try SocketIOAppConfiguration.decode(json: #"{"engine": {}, "adapter": {}}"#.utf8) == .init())
    }

    @Test func missingKeysKeepTheirDefaults() throws {
        let configuration = try SocketIOAppConfiguration.decode(
            json: #"{"engine": {"pingInterval": 5000}, "session": {"secrets": ["s"]}}"#.utf8)
        var expected = SocketIOAppConfiguration()
        expected.engine.pingInterval = 5_000
        expected.session = SessionConfiguration(secrets: ["s"])
        #expect(configuration == expected)
    }

    @Test func givenNamespacesReplaceTheDefaultOne() throws {
        let configuration = try SocketIOAppConfiguration.decode(json: #"{"namespaces": {"/chat": {}}}"#.utf8)
        #expect(configuration.namespaces == ["/chat": NamespaceConfiguration()])
    }

    @Test func nullOptionalsAreUnset() throws {
        let configuration = try SocketIOAppConfiguration.decode(
            json: #"{"generateId": null, "session": null, "engine": {"corsOrigins": null}}"#.utf8)
        #expect(configuration == SocketIOAppConfiguration())
    }

    @Test func theExampleFileLoads() throws {
        let configuration = try SocketIOAppConfiguration.load(contentsOfFile: ConfigurationFixtures.path("app.json"))
        #expect(configuration == ConfigurationFixtures.expectedApp)
        // Equality of JSONValue objects must not hide a lost member: compare the settings member by member too.
        #expect(configuration.settings["features"]?["history"] == .null)
        #expect(configuration.settings["ratio"] == .double(1.5))
    }

    @Test func roundTripThroughTheProjectsCodecs() throws {
        for original in [SocketIOAppConfiguration(), ConfigurationFixtures.expectedApp] {
            let json = try SIOValueEncoder().encode(original).json
            let decoded = try SocketIOAppConfiguration.decode(json: json)
            #expect(decoded == original)
            // Encoding writes every key, unset optionals included.
            let value = try JSONValue(parsing: json)
            let keys = Set(value.objectKeys)
            #expect(
                keys == [
                    "engine", "connectionMiddleware", "packetMiddleware", "namespaces", "adapter", "generateId",
                    "session", "settings",
                ])
            #expect(value["engine"]?.objectKeys.count == 10)
            if original.session == nil {
                #expect(value["session"] == .null)
                #expect(value["generateId"] == .null)
                #expect(value["engine"]?["corsOrigins"] == .null)
            }
        }
    }

    @Test func roundTripThroughFoundation() throws {
        for original in [SocketIOAppConfiguration(), ConfigurationFixtures.expectedApp] {
            let data = try JSONEncoder().encode(original)
            #expect(try JSONDecoder().decode(SocketIOAppConfiguration.self, from: data) == original)
            #expect(try SocketIOAppConfiguration.decode(json: data) == original)
        }
        let file = try Data(contentsOf: URL(fileURLWithPath: ConfigurationFixtures.path("app.json")))
        #expect(try JSONDecoder().decode(SocketIOAppConfiguration.self, from: file) == ConfigurationFixtures.expectedApp)
    }

    @Test func sessionConfigurationRoundTrips() throws {
        var session = SessionConfiguration(secrets: ["a", "b"])
        session.maxAge = 60
        session.cookieName = "x"
        let data = try JSONEncoder().encode(session)
        #expect(try JSONDecoder().decode(SessionConfiguration.self, from: data) == session)
        let encoded = try SIOValueEncoder().encode(session).json
        let view = try JSONDocument(parsing: encoded[...]).root
        #expect(try SIOValueDecoder().decode(SessionConfiguration.self, from: view) == session)
    }

    @Test func foundationsDecoderAlsoRejectsUnknownKeys() throws {
        let data = Data(#"{"namespaces": {"/chat": {"packetMidleware": []}}}"#.utf8)
        do {
            _ = try JSONDecoder().decode(SocketIOAppConfiguration.self, from: data)
            Issue.record("an unknown key decoded")
        } catch {
            let mapped = AppConfigurationError(decoding: error)
            #expect(mapped == .unknownKey)
            #expect(mapped.path == "namespaces./chat.packetMidleware")
        }
        do {
            _ = try JSONDecoder().decode(SocketIOAppConfiguration.self, from: Data(#"{"engine": {"pingInterval": "x"}}"#.utf8))
            Issue.record("a string decoded as an integer")
        } catch {
            let mapped = AppConfigurationError(decoding: error)
            #expect(mapped == .wrongType)
            #expect(mapped.path == "engine.pingInterval")
        }
    }
}

extension JSONValue {
    /// The member names of an object, empty for anything else.
    var objectKeys: [String] {
        guard case .object(let object) = self else { return [] }
        return object.keys
    }
}
