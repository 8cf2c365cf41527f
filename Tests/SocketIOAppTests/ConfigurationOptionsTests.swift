import NIOCore
import SocketIO
import SocketIOApp
import Testing
import Transports

@Suite struct ConfigurationOptionsTests {
    @Test func applySetsEveryOption() throws {
        let engine = ConfigurationFixtures.expectedApp.engine
        var options = SocketIOServerOptions()
        try engine.apply(to: &options)
        #expect(options.engine.path == "/chat-io/")
        #expect(options.engine.pingInterval == .milliseconds(10_000))
        #expect(options.engine.pingTimeout == .milliseconds(5_000))
        #expect(options.engine.maxHttpBufferSize == 65_536)
        #expect(options.engine.transports == [.websocket])
        #expect(options.engine.allowUpgrades == false)
        #expect(options.engine.allowEIO3 == true)
        guard case .list(let origins) = options.engine.cors.origins else {
            Issue.record("cors origins: \(options.engine.cors.origins)")
            return
        }
        #expect(origins == ["https://chat.example.com", "http://localhost:8080"])
        #expect(options.connectTimeout == .milliseconds(30_000))
        #expect(options.maxAttachments == 4)
    }

    @Test func theDefaultsLeaveTheServersDefaultsAlone() throws {
        var options = SocketIOServerOptions()
        // Start from values that differ, so the test fails if a field is not written.
        options.engine.path = "/x/"
        options.engine.pingInterval = .seconds(1)
        options.engine.pingTimeout = .seconds(1)
        options.engine.maxHttpBufferSize = 1
        options.engine.transports = [.polling]
        options.engine.allowUpgrades = false
        options.engine.allowEIO3 = true
        options.engine.cors.origins = .any
        options.connectTimeout = .seconds(1)
        options.maxAttachments = 1
        try EngineConfiguration().apply(to: &options)
        let reference = SocketIOServerOptions()
        #expect(options.engine.path == reference.engine.path)
        #expect(options.engine.pingInterval == reference.engine.pingInterval)
        #expect(options.engine.pingTimeout == reference.engine.pingTimeout)
        #expect(options.engine.maxHttpBufferSize == reference.engine.maxHttpBufferSize)
        #expect(options.engine.transports == reference.engine.transports)
        #expect(options.engine.allowUpgrades == reference.engine.allowUpgrades)
        #expect(options.engine.allowEIO3 == reference.engine.allowEIO3)
        guard case .sameOrigin = options.engine.cors.origins else {
            Issue.record("cors origins: \(options.engine.cors.origins)")
            return
        }
        #expect(options.connectTimeout == reference.connectTimeout)
        #expect(options.maxAttachments == reference.maxAttachments)
    }

    @Test func aStarAllowsEveryOrigin() throws {
        var engine = EngineConfiguration()
        engine.corsOrigins = ["https://a.example", "*"]
        var options = SocketIOServerOptions()
        try engine.apply(to: &options)
        guard case .any = options.engine.cors.origins else {
            Issue.record("cors origins: \(options.engine.cors.origins)")
            return
        }
    }

    @Test func invalidValuesAreRefusedBeforeAnythingIsWritten() {
        var engine = EngineConfiguration()
        engine.pingInterval = 10_000
        engine.transports = ["carrier-pigeon"]
        var options = SocketIOServerOptions()
        #expect(throws: AppConfigurationError.invalidValue) { try engine.apply(to: &options) }
        #expect(options.engine.pingInterval == SocketIOServerOptions().engine.pingInterval)
        // The largest interval converts without overflow.
        engine = EngineConfiguration()
        engine.pingInterval = EngineConfiguration.maxMilliseconds
        #expect(throws: Never.self) { try engine.apply(to: &options) }
        engine.pingInterval = EngineConfiguration.maxMilliseconds + 1
        #expect(throws: AppConfigurationError.invalidValue) { try engine.apply(to: &options) }
    }
}
