import SocketIOApp
import Testing

@Suite struct ConfigurationDefaultsTests {
    @Test func defaultsAreTheReferenceDefaults() {
        let configuration = SocketIOAppConfiguration()
        #expect(configuration.engine.pingInterval == 25_000)
        #expect(configuration.engine.pingTimeout == 20_000)
        #expect(configuration.engine.connectTimeout == 45_000)
        #expect(configuration.engine.maxHttpBufferSize == 1_000_000)
        #expect(configuration.engine.maxAttachments == 10)
        #expect(configuration.engine.path == "/socket.io/")
        #expect(configuration.namespaces.keys.sorted() == ["/"])
    }
}
