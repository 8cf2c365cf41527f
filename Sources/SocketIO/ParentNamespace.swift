import Adapters
import Logging
public import SIOParser
import Synchronization

/// A family of namespaces created on demand: a CONNECT to a name the matcher accepts creates a child namespace
/// that runs the parent's middleware and handlers (the reference's `ParentNamespace`).
public final class ParentNamespace: NamespaceRegistering, @unchecked Sendable {
    /// Decides whether a name belongs to the family, given the CONNECT's auth.
    public typealias Matcher = @Sendable (_ name: String, _ auth: JSONValue) async -> Bool

    /// The server.
    public unowned let server: SocketIOServer
    /// Middleware and handlers every child runs first.
    public let setup = NamespaceSetup()
    /// Whether a name belongs to the family.
    let matcher: Matcher
    /// The children created so far.
    let childTable = Mutex<[String: Namespace]>([:])

    init(server: SocketIOServer, matcher: @escaping Matcher) {
        self.server = server
        self.matcher = matcher
    }

    /// The children created so far.
    public var children: [Namespace] { childTable.withLock { Array($0.values) } }

    /// Emits to every socket of every child.
    public func emit<each T: Encodable>(_ event: String, _ values: repeat each T) throws {
        for child in children { try child.emit(event, repeat each values) }
    }

    /// The child named `name`, created (and announced) if needed.
    func child(named name: String) -> Namespace {
        let (namespace, created) = server.namespaceForChild(name: name, parent: self)
        childTable.withLock { $0[name] = namespace }
        if created { server.announce(namespace) }
        return namespace
    }

    /// Removes an empty child (`cleanupEmptyChildNamespaces`).
    func removeChildIfEmpty(_ child: Namespace) {
        let removed = childTable.withLock { table -> Bool in
            guard table[child.name] === child, child.socketCount == 0 else { return false }
            table[child.name] = nil
            return true
        }
        guard removed else { return }
        server.forget(child)
    }
}
