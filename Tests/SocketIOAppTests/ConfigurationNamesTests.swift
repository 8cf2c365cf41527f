import SocketIOApp
import Testing

@Suite struct ConfigurationNamesTests {
    let configuration = ConfigurationFixtures.expectedApp
    let connection: Set<String> = ["auth", "requestLog", "joinLobby", "adminOnly"]
    let packet: Set<String> = ["rateLimit", "profanityFilter", "audit"]

    @Test func everyNameRegisteredPasses() throws {
        try configuration.checkRegisteredNames(
            connectionMiddleware: connection, packetMiddleware: packet, idGenerators: ["uuid"], sessionStores: ["memory"])
        try SocketIOAppConfiguration().checkRegisteredNames(
            connectionMiddleware: [], packetMiddleware: [], idGenerators: [], sessionStores: [])
    }

    @Test func anUnknownMiddlewareNamesItsNamespaceAndLevel() {
        do {
            try configuration.checkRegisteredNames(
                connectionMiddleware: connection, packetMiddleware: packet.subtracting(["audit"]),
                idGenerators: ["uuid"], sessionStores: ["memory"])
            Issue.record("an unregistered middleware passed")
        } catch {
            #expect(error == .unknownMiddleware)
            #expect(error.path == "namespaces./chat.packetMiddleware[1]")
            #expect(error.detail.contains("\"audit\" (packet middleware of namespace /chat)"), "\(error)")
            #expect(error.detail.contains("profanityFilter, rateLimit"), "\(error)")
        }
        do {
            try configuration.checkRegisteredNames(
                connectionMiddleware: connection.subtracting(["requestLog"]), packetMiddleware: packet,
                idGenerators: ["uuid"], sessionStores: ["memory"])
            Issue.record("an unregistered middleware passed")
        } catch {
            #expect(error == .unknownMiddleware)
            #expect(error.path == "connectionMiddleware[1]")
            #expect(error.detail.contains("global connection middleware"), "\(error)")
        }
        // A packet middleware name is not a connection middleware name.
        #expect(throws: AppConfigurationError.unknownMiddleware) {
            try configuration.checkRegisteredNames(
                connectionMiddleware: connection, packetMiddleware: connection, idGenerators: ["uuid"],
                sessionStores: ["memory"])
        }
    }

    @Test func unknownIdGeneratorAndStore() {
        do {
            try configuration.checkRegisteredNames(
                connectionMiddleware: connection, packetMiddleware: packet, idGenerators: [],
                sessionStores: ["memory"])
            Issue.record("an unregistered id generator passed")
        } catch {
            #expect(error == .unknownIDGenerator)
            #expect(error.path == "generateId")
            #expect(error.description.contains("\"uuid\" is not registered; registered: none"), "\(error)")
        }
        do {
            try configuration.checkRegisteredNames(
                connectionMiddleware: connection, packetMiddleware: packet, idGenerators: ["uuid"],
                sessionStores: ["redis"])
            Issue.record("an unregistered session store passed")
        } catch {
            #expect(error == .unknownSessionStore)
            #expect(error.path == "session.store")
        }
    }
}
