import Synchronization

/// The application's services, one per type: register a value at startup, look it up by its type anywhere (in
/// middleware and controllers through their context's `services`). Safe to use from any task.
public final class AppServices: Sendable {
    /// `require` found nothing registered under the type asked for.
    public struct MissingService: Error, Sendable, Hashable, CustomStringConvertible {
        /// The type asked for, as Swift spells it (`MyApp.ChatStore`).
        public let typeName: String

        /// An error naming `type`.
        public init(_ type: Any.Type) { typeName = String(reflecting: type) }

        /// A one-line message.
        public var description: String {
            "no service of type \(typeName) is registered (call services.register(_:) before starting)"
        }
    }

    private let services = Mutex<[ObjectIdentifier: any Sendable]>([:])

    /// An empty container.
    public init() {}

    /// Registers `service` under its static type `S` (`register(store as any ChatStore)` keys it by the
    /// protocol); a later registration of the same type replaces the earlier one.
    public func register<S: Sendable>(_ service: S) {
        services.withLock { $0[ObjectIdentifier(S.self)] = service }
    }

    /// The service registered under `type`, or nil.
    public subscript<S: Sendable>(_ type: S.Type) -> S? {
        services.withLock { $0[ObjectIdentifier(type)] } as? S
    }

    /// The service registered under `type`; throws `MissingService` naming the type when there is none.
    public func require<S: Sendable>(_ type: S.Type) throws(MissingService) -> S {
        guard let service = self[type] else { throw MissingService(type) }
        return service
    }

    /// Whether a service is registered under `type`.
    public func contains<S: Sendable>(_ type: S.Type) -> Bool {
        services.withLock { $0[ObjectIdentifier(type)] != nil }
    }

    /// Removes and returns the service registered under `type`.
    @discardableResult
    public func remove<S: Sendable>(_ type: S.Type) -> S? {
        services.withLock { $0.removeValue(forKey: ObjectIdentifier(type)) } as? S
    }
}
