import Foundation
import SocketIOApp
import Testing

@Suite struct ConfigurationErrorTests {
    /// One invalid configuration: its text, the error kind, the path the message must name.
    struct Case: Sendable, CustomTestStringConvertible {
        let json: String
        let kind: AppConfigurationError
        let path: String
        let mentions: String
        var testDescription: String { json }

        init(_ json: String, _ kind: AppConfigurationError, _ path: String, mentions: String = "") {
            self.json = json
            self.kind = kind
            self.path = path
            self.mentions = mentions
        }
    }

    static let cases: [Case] = [
        // Unknown keys, at every level.
        Case(#"{"engin": {}}"#, .unknownKey, "engin"),
        Case(#"{"engine": {"pingIntervall": 1}}"#, .unknownKey, "engine.pingIntervall"),
        Case(#"{"namespaces": {"/chat": {"packetMidleware": []}}}"#, .unknownKey, "namespaces./chat.packetMidleware"),
        Case(#"{"adapter": {"type": "memory", "host": "x"}}"#, .unknownKey, "adapter.host"),
        Case(#"{"session": {"secrets": ["s"], "maxage": 1}}"#, .unknownKey, "session.maxage"),
        // Wrong types.
        Case(#"{"engine": {"pingInterval": "25000"}}"#, .wrongType, "engine.pingInterval",
             mentions: "expected an integer, found a string"),
        Case(#"{"engine": {"pingInterval": 1.5}}"#, .wrongType, "engine.pingInterval"),
        Case(#"{"engine": {"maxHttpBufferSize": 1e30}}"#, .wrongType, "engine.maxHttpBufferSize"),
        Case(#"{"engine": {"allowUpgrades": 1}}"#, .wrongType, "engine.allowUpgrades"),
        Case(#"{"engine": {"pingTimeout": null}}"#, .wrongType, "engine.pingTimeout", mentions: "null"),
        Case(#"{"engine": []}"#, .wrongType, "engine"),
        Case(#"{"engine": {"transports": "websocket"}}"#, .wrongType, "engine.transports"),
        Case(#"{"packetMiddleware": ["a", 2]}"#, .wrongType, "packetMiddleware[1]"),
        Case(#"{"namespaces": {"/chat": {"connectionMiddleware": ["a", "b", true]}}}"#, .wrongType,
             "namespaces./chat.connectionMiddleware[2]"),
        Case(#"{"namespaces": ["/chat"]}"#, .wrongType, "namespaces"),
        Case(#"{"namespaces": {"/chat": 1}}"#, .wrongType, "namespaces./chat"),
        Case(#"{"generateId": 7}"#, .wrongType, "generateId"),
        Case(#"{"session": {"secrets": "s"}}"#, .wrongType, "session.secrets"),
        Case(#"[]"#, .wrongType, "", mentions: "must be a JSON object"),
        // Invalid values.
        Case(#"{"engine": {"pingInterval": 0}}"#, .invalidValue, "engine.pingInterval"),
        Case(#"{"engine": {"pingTimeout": -1}}"#, .invalidValue, "engine.pingTimeout"),
        Case(#"{"engine": {"connectTimeout": 0}}"#, .invalidValue, "engine.connectTimeout"),
        Case(#"{"engine": {"pingInterval": 9223372036854775807}}"#, .invalidValue, "engine.pingInterval"),
        Case(#"{"engine": {"maxHttpBufferSize": 0}}"#, .invalidValue, "engine.maxHttpBufferSize"),
        Case(#"{"engine": {"maxAttachments": 0}}"#, .invalidValue, "engine.maxAttachments"),
        Case(#"{"engine": {"path": "socket.io/"}}"#, .invalidValue, "engine.path", mentions: "start and end"),
        Case(#"{"engine": {"path": "/socket.io"}}"#, .invalidValue, "engine.path"),
        Case(#"{"engine": {"transports": []}}"#, .invalidValue, "engine.transports"),
        Case(#"{"engine": {"transports": ["polling", "webtransport"]}}"#, .invalidValue, "engine.transports[1]",
             mentions: "webtransport"),
        Case(#"{"engine": {"transports": ["polling", "polling"]}}"#, .invalidValue, "engine.transports[1]"),
        Case(#"{"engine": {"corsOrigins": [""]}}"#, .invalidValue, "engine.corsOrigins[0]"),
        Case(#"{"namespaces": {"chat": {}}}"#, .invalidValue, "namespaces.chat", mentions: "start with"),
        Case(#"{"namespaces": {"/chat": {"packetMiddleware": [""]}}}"#, .invalidValue,
             "namespaces./chat.packetMiddleware[0]"),
        Case(#"{"connectionMiddleware": ["auth", ""]}"#, .invalidValue, "connectionMiddleware[1]"),
        Case(#"{"generateId": ""}"#, .invalidValue, "generateId"),
        Case(#"{"engine": {"path": "/a/", "path": "/b/"}}"#, .invalidValue, "engine.path", mentions: "twice"),
        Case(#"{"namespaces": {"/a": {}, "/a": {}}}"#, .invalidValue, "namespaces./a", mentions: "twice"),
        Case(#"{"session": {}}"#, .invalidValue, "session.secrets", mentions: "at least one secret"),
        Case(#"{"session": {"secrets": ["s", ""]}}"#, .invalidValue, "session.secrets[1]"),
        Case(#"{"session": {"secrets": ["s"], "maxAge": 0}}"#, .invalidValue, "session.maxAge"),
        Case(#"{"session": {"secrets": ["s"], "maxSessions": 0}}"#, .invalidValue, "session.maxSessions"),
        Case(#"{"session": {"secrets": ["s"], "cookieName": "a b"}}"#, .invalidValue, "session.cookieName"),
        Case(#"{"session": {"secrets": ["s"], "authField": ""}}"#, .invalidValue, "session.authField"),
        Case(#"{"session": {"secrets": ["s"], "store": ""}}"#, .invalidValue, "session.store"),
        // Adapters this build does not have.
        Case(#"{"adapter": {"type": "redis"}}"#, .unknownAdapter, "adapter.type",
             mentions: "redis is not available in this build"),
        Case(#"{"adapter": {"type": "postgres"}}"#, .unknownAdapter, "adapter.type", mentions: "postgres"),
    ]

    @Test(arguments: cases) func invalidConfigurationIsRejected(_ c: Case) throws {
        let error = try #require(ConfigurationFixtures.error(decoding: c.json))
        #expect(error == c.kind, "\(error)")
        #expect(error.path == c.path, "\(error)")
        if !c.path.isEmpty { #expect(error.description.contains(" at \(c.path)"), "\(error)") }
        if !c.mentions.isEmpty { #expect(error.description.contains(c.mentions), "\(error)") }
        // One line, fit for a startup log.
        #expect(!error.description.contains("\n"))
    }

    @Test func kindsAreDistinct() {
        let kinds: [AppConfigurationError] = [
            .unreadableFile, .malformedJSON, .unknownKey, .wrongType, .invalidValue, .unknownMiddleware,
            .unknownIDGenerator, .unknownAdapter, .unknownSessionStore, .duplicateRoute,
        ]
        for (i, a) in kinds.enumerated() {
            for (j, b) in kinds.enumerated() { #expect((a == b) == (i == j)) }
        }
    }

    @Test func unknownKeyNamesTheKnownKeys() throws {
        let error = try #require(ConfigurationFixtures.error(decoding: #"{"adapter": {"kind": "memory"}}"#))
        #expect(error.detail.contains("\"kind\""))
        #expect(error.detail.contains("type"))
    }

    @Test func malformedJSONReportsWhere() throws {
        let text = "{\n  \"engine\": {\n    \"pingInterval\": 10,,\n  }\n}"
        let error = try #require(ConfigurationFixtures.error(decoding: text))
        #expect(error == .malformedJSON)
        let offset = try #require(error.offset)
        #expect(Array(text.utf8)[offset] == UInt8(ascii: ","))
        #expect(error.detail.hasPrefix("line 3, column 24"), "\(error)")
        #expect(error.description.contains("byte offset \(offset)"))
        for broken in ["", "{", "{\"engine\": }", "{} {}", "nul", "{\"a\": \"\u{1}\"}"] {
            #expect(ConfigurationFixtures.error(decoding: broken) == .malformedJSON, "\(broken)")
        }
    }

    @Test func unreadableFileNamesThePathAndTheReason() throws {
        let missing = "/nonexistent/dir/app.json"
        do {
            _ = try SocketIOAppConfiguration.load(contentsOfFile: missing)
            Issue.record("a missing file loaded")
        } catch {
            #expect(error == .unreadableFile)
            #expect(error.file == missing)
            #expect(error.description.contains(missing))
            #expect(error.description.contains("No such file or directory"), "\(error)")
            #expect(error.description.hasPrefix("cannot read the configuration file \(missing): "), "\(error)")
        }
        let directory = URL(fileURLWithPath: ConfigurationFixtures.path("app.json")).deletingLastPathComponent().path
        #expect(throws: AppConfigurationError.unreadableFile) {
            try SocketIOAppConfiguration.load(contentsOfFile: directory)
        }
        #expect(throws: AppConfigurationError.unreadableFile) {
            try SocketIOAppConfiguration.load(contentsOfFile: ConfigurationFixtures.path("app.json"), maxFileSize: 100)
        }
    }

    @Test func errorsInAFileNameTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("appconfig-\(UUID()).json").path
        try Data(#"{"engine": {"pingTimeout": 0}}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try SocketIOAppConfiguration.load(contentsOfFile: path)
            Issue.record("an invalid file loaded")
        } catch {
            #expect(error == .invalidValue)
            #expect(error.path == "engine.pingTimeout")
            #expect(error.file == path)
            #expect(error.description.contains("engine.pingTimeout"))
            #expect(error.description.contains(path))
        }
    }
}
