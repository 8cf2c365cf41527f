import Synchronization

/// The application's own services, one per type (`services.register(db)`, `services[Database.self]`); safe to
/// use from any task.
public final class AppServices: Sendable {
    private let storage = Mutex<[ObjectIdentifier: any Sendable]>([:])

    /// An empty container.
    public init() {}

    /// Registers `service` under its type, replacing an earlier one of the same type.
    public func register<S: Sendable>(_ service: S) {
        storage.withLock { $0[ObjectIdentifier(S.self)] = service }
    }

    /// The service registered for `type`, nil when none is.
    public subscript<S: Sendable>(_ type: S.Type) -> S? {
        storage.withLock { $0[ObjectIdentifier(S.self)] } as? S
    }

    /// The service registered for `type`; throws an error naming the type when none is.
    public func require<S: Sendable>(_ type: S.Type) throws -> S {
        guard let service = self[type] else { throw AppServiceNotRegistered(typeName: String(reflecting: S.self)) }
        return service
    }
}

/// `AppServices.require` found no service of the type.
struct AppServiceNotRegistered: Error, CustomStringConvertible {
    let typeName: String
    var description: String { "no service of type \(typeName) is registered" }
}
