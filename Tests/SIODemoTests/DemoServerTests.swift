import SIODemoKit
import SIOParser
import SocketIOApp
import Testing

@Suite struct DemoServerTests {
    @Test func invalidSettingsStopTheStart() async throws {
        var configuration = try DemoLauncher.configuration(path: nil)
        configuration.settings = .object(["rooms": .array([.string("demo")])])
        do {
            let server = try await DemoServer.start(port: 0, configuration: configuration)
            await server.shutdown()
            Issue.record("started with invalid settings")
        } catch {
            #expect("\(error)".hasPrefix("invalid settings"))
        }
    }

    @Test func anUnregisteredMiddlewareNameStopsTheStart() async throws {
        var configuration = try DemoLauncher.configuration(path: nil)
        configuration.namespaces["/"]?.connectionMiddleware.append("no-such-middleware")
        do {
            let server = try await DemoServer.start(port: 0, configuration: configuration)
            await server.shutdown()
            Issue.record("started with an unknown middleware")
        } catch let error as AppConfigurationError {
            #expect(error == .unknownMiddleware)
            #expect(error.description.contains("no-such-middleware"))
        }
    }

    @Test func twoServersGetTwoPorts() async throws {
        let configuration = try DemoLauncher.configuration(path: nil)
        let first = try await DemoServer.start(port: 0, configuration: configuration)
        let second = try await DemoServer.start(port: 0, configuration: configuration)
        #expect(first.port > 0)
        #expect(second.port > 0)
        #expect(first.port != second.port)
        await first.shutdown()
        await second.shutdown()
    }
}
