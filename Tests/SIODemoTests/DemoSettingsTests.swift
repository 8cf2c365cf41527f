import SIODemoKit
import SIOParser
import SocketIOApp
import Testing

@Suite struct DemoSettingsTests {
    static let valid: JSONValue = .object([
        "rooms": .array([.string("demo"), .string("lobby")]),
        "apps": .object(["demo": .string("demo-key")]),
        "maxClockSkewSeconds": .int(300),
        "demoApp": .string("demo"),
    ])

    func replacing(_ key: String, with value: JSONValue?) -> JSONValue {
        guard case .object(var object) = Self.valid else { return Self.valid }
        object[key] = value
        return .object(object)
    }

    @Test func decodesTheSettings() throws {
        let settings = try DemoSettings.decode(Self.valid)
        #expect(
            settings
                == DemoSettings(rooms: ["demo", "lobby"], apps: ["demo": "demo-key"], maxClockSkewSeconds: 300, demoApp: "demo"))
        #expect(settings.demoKey == "demo-key")
    }

    @Test func theDefaultConfigurationsSettingsDecode() throws {
        let settings = try DemoSettings.decode(DemoLauncher.configuration(path: nil).settings)
        #expect(settings.rooms == ["demo", "lobby"])
        #expect(settings.apps == ["demo": "demo-key-change-me"])
        #expect(settings.maxClockSkewSeconds == 300)
        #expect(settings.demoApp == "demo")
    }

    @Test(arguments: ["rooms", "apps", "maxClockSkewSeconds", "demoApp"])
    func everyKeyIsRequired(key: String) {
        #expect(throws: (any Error).self) { try DemoSettings.decode(replacing(key, with: nil)) }
    }

    @Test func unknownKeysWrongTypesAndBadValuesAreRefused() {
        let bad: [JSONValue] = [
            replacing("room", with: .array([])),
            replacing("rooms", with: .string("demo")),
            replacing("rooms", with: .array([])),
            replacing("rooms", with: .array([.string("")])),
            replacing("apps", with: .object(["demo": .int(1)])),
            replacing("maxClockSkewSeconds", with: .int(0)),
            replacing("maxClockSkewSeconds", with: .string("300")),
            replacing("demoApp", with: .string("missing")),
            .array([]),
            .null,
        ]
        for value in bad {
            #expect(throws: (any Error).self, "\(value)") { try DemoSettings.decode(value) }
        }
    }

    @Test func unknownKeyErrorsNameTheKey() {
        do {
            _ = try DemoSettings.decode(replacing("roms", with: .array([])))
            Issue.record("accepted an unknown key")
        } catch {
            #expect("\(error)".contains("roms"))
        }
    }

    @Test func aMissingConfigurationFileIsAClearError() {
        do {
            _ = try DemoLauncher.configuration(path: "/nonexistent/sio-demo.json")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error == .unreadableFile)
            #expect(error.description.contains("/nonexistent/sio-demo.json"))
        }
    }
}
