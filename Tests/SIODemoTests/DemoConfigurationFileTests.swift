import Foundation
import SIODemoKit
import SocketIOApp
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
        let embedded = try DemoLauncher.configuration(path: nil)
        #expect(try DemoLauncher.configuration(path: Self.file.path) == embedded)
        #expect(embedded.generateId == "demo")
        #expect(embedded.namespaces["/"]?.connectionMiddleware == ["signature", "auth"])
        #expect(embedded.namespaces["/"]?.packetMiddleware == ["log"])
        #expect(embedded.engine.pingInterval == 25_000)
    }
}
