import SIOParser
import SocketIOApp
import Testing

@Suite struct ConfigurationSettingsTests {
    struct ChatSettings: Decodable, Equatable {
        var motd: String
        var maxRoomSize: Int
        var bannedWords: [String]
    }

    @Test func settingsDecodeAsTheApplicationsType() throws {
        let settings = try ConfigurationFixtures.expectedApp.settings(as: ChatSettings.self)
        #expect(settings == ChatSettings(motd: "Welcome to the chat", maxRoomSize: 50, bannedWords: ["spam", "scam"]))
    }

    @Test func aMismatchNamesItsPathUnderSettings() throws {
        var configuration = SocketIOAppConfiguration()
        configuration.settings = .object(["motd": .string("hi"), "maxRoomSize": .string("many"), "bannedWords": .array([])])
        do {
            _ = try configuration.settings(as: ChatSettings.self)
            Issue.record("a string decoded as an integer")
        } catch {
            #expect(error == .wrongType)
            #expect(error.path == "settings.maxRoomSize", "\(error)")
        }
        configuration.settings = .object(["motd": .string("hi"), "maxRoomSize": .int(1), "bannedWords": .array([.int(1)])])
        #expect(throws: AppConfigurationError.wrongType) { try configuration.settings(as: ChatSettings.self) }
        do {
            _ = try configuration.settings(as: ChatSettings.self)
        } catch {
            #expect(error.path == "settings.bannedWords[0]", "\(error)")
        }
    }

    @Test func aConfigurationDecodesFromAJSONValue() throws {
        let value: JSONValue = .object(["engine": .object(["pingInterval": .int(1_000)])])
        var expected = SocketIOAppConfiguration()
        expected.engine.pingInterval = 1_000
        #expect(try SocketIOAppConfiguration.decode(value: value) == expected)
        #expect(throws: AppConfigurationError.unknownKey) {
            try SocketIOAppConfiguration.decode(value: .object(["engines": .object([:])]))
        }
    }
}
