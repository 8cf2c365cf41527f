extension SocketIOAppConfiguration {
    /// Checks that every name the configuration refers to was registered, for `SocketIOApplication.start()`: the
    /// middleware of every level, the id generator and the session store (pass `memory` among `sessionStores` when
    /// it is built in). The first unknown name throws `unknownMiddleware`, `unknownIDGenerator` or
    /// `unknownSessionStore` with its path (`namespaces./chat.packetMiddleware[1]`) and the names registered.
    public func checkRegisteredNames(
        connectionMiddleware registeredConnection: Set<String>,
        packetMiddleware registeredPacket: Set<String>,
        idGenerators: Set<String>,
        sessionStores: Set<String>
    ) throws(AppConfigurationError) {
        func check(_ names: [String], at path: String, level: String, registered: Set<String>)
            throws(AppConfigurationError)
        {
            for (index, name) in names.enumerated() where !registered.contains(name) {
                throw .unknownMiddleware.with(
                    path: "\(path)[\(index)]",
                    detail: "\"\(name)\" (\(level)) is not registered; registered: \(Self.list(registered))")
            }
        }
        do {
            try check(
                connectionMiddleware, at: "connectionMiddleware", level: "global connection middleware",
                registered: registeredConnection)
            try check(
                packetMiddleware, at: "packetMiddleware", level: "global packet middleware",
                registered: registeredPacket)
            for name in namespaces.keys.sorted() {
                guard let namespace = namespaces[name] else { continue }
                let path = ConfigurationPath.join("namespaces", name)
                try check(
                    namespace.connectionMiddleware, at: ConfigurationPath.join(path, "connectionMiddleware"),
                    level: "connection middleware of namespace \(name)", registered: registeredConnection)
                try check(
                    namespace.packetMiddleware, at: ConfigurationPath.join(path, "packetMiddleware"),
                    level: "packet middleware of namespace \(name)", registered: registeredPacket)
            }
        }
        if let generateId, !idGenerators.contains(generateId) {
            throw .unknownIDGenerator.with(
                path: "generateId",
                detail: "\"\(generateId)\" is not registered; registered: \(Self.list(idGenerators))")
        }
        if let session, !sessionStores.contains(session.store) {
            throw .unknownSessionStore.with(
                path: "session.store",
                detail: "\"\(session.store)\" is not registered; registered: \(Self.list(sessionStores))")
        }
    }

    /// Registered names for a message, sorted; "none" when empty.
    private static func list(_ names: Set<String>) -> String {
        names.isEmpty ? "none" : names.sorted().joined(separator: ", ")
    }
}
