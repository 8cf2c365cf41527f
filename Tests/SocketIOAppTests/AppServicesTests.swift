import SocketIOApp
import Testing

private protocol Greeter: Sendable { func greet() -> String }
private struct English: Greeter { func greet() -> String { "hello" } }
private struct Counter: Sendable, Equatable { var value: Int }
private final class Store: Sendable { let name: String; init(name: String) { self.name = name } }

@Suite struct AppServicesTests {
    @Test func servicesAreKeyedByType() throws {
        let services = AppServices()
        #expect(services[Counter.self] == nil)
        services.register(Counter(value: 1))
        services.register("a string")
        #expect(services[Counter.self] == Counter(value: 1))
        #expect(services[String.self] == "a string")
        #expect(services[Int.self] == nil)
        #expect(try services.require(Counter.self).value == 1)
        #expect(services.contains(Counter.self))
    }

    @Test func aLaterRegistrationReplaces() {
        let services = AppServices()
        services.register(Counter(value: 1))
        services.register(Counter(value: 2))
        #expect(services[Counter.self]?.value == 2)
        #expect(services.remove(Counter.self)?.value == 2)
        #expect(services[Counter.self] == nil)
    }

    @Test func protocolsAreKeysOfTheirOwn() throws {
        let services = AppServices()
        services.register(English() as any Greeter)
        #expect(services[(any Greeter).self]?.greet() == "hello")
        #expect(services[English.self] == nil)
        let store = Store(name: "main")
        services.register(store)
        #expect(try services.require(Store.self) === store)
    }

    @Test func requireNamesTheMissingType() {
        let services = AppServices()
        do {
            _ = try services.require(Counter.self)
            Issue.record("require found a service that was never registered")
        } catch {
            #expect(error.typeName.hasSuffix("Counter"))
            #expect(error.description.contains("Counter"))
            #expect(error == AppServices.MissingService(Counter.self))
        }
    }

    @Test func concurrentUseIsSafe() async {
        let services = AppServices()
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask {
                    services.register(Counter(value: i))
                    _ = services[Counter.self]
                }
            }
        }
        let value = services[Counter.self]?.value ?? -1
        #expect((0..<200).contains(value))
    }
}
