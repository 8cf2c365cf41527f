import Foundation
import SIODemoKit
import Testing

@Suite struct DemoConfigurationFileTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/SIODemo/sio-demo.json")

    @Test func theEmbeddedDefaultIsTheFile() throws {
        let data = try Data(contentsOf: Self.file)
        #expect(String(decoding: data, as: UTF8.self) == DemoDefaultConfiguration.json)
    }

    @Test func theLauncherReadsTheFileOrTheDefault() throws {
        #expect(try DemoLauncher.configurationText(path: nil) == Array(DemoDefaultConfiguration.json.utf8))
        #expect(try DemoLauncher.configurationText(path: Self.file.path) == Array(DemoDefaultConfiguration.json.utf8))
    }
}
