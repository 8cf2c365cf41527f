import NIOHTTP1

/// Several services on one host, each at its own path (e.g. a bare Engine.IO endpoint at `/engine.io/` beside the
/// Socket.IO one at `/socket.io/`). The first service whose path matches takes the request.
public final class EngineServiceGroup: EngineHTTPService {
    /// The services, in matching order.
    public let services: [any EngineHTTPService]

    /// A group trying `services` in order.
    public init(_ services: [any EngineHTTPService]) { self.services = services }

    /// Whether any service takes the path.
    public func matches(path: Substring) -> Bool { services.contains { $0.matches(path: path) } }

    /// Hands the request to the first matching service.
    public func handleRequest(_ head: EngineRequestHead, exchange: any EngineHTTPExchange) {
        let path = head.path
        guard let service = services.first(where: { $0.matches(path: path) }) else {
            exchange.respond(status: .notFound, headers: [:], body: nil)
            return
        }
        service.handleRequest(head, exchange: exchange)
    }

    /// Hands the upgrade to the first matching service.
    public func handleUpgrade(_ head: EngineRequestHead, upgrade: any EngineWebSocketUpgrade) {
        let path = head.path
        guard let service = services.first(where: { $0.matches(path: path) }) else {
            upgrade.reject(status: .notFound, body: "Not Found")
            return
        }
        service.handleUpgrade(head, upgrade: upgrade)
    }

    /// Shuts every service down concurrently.
    public func shutdown(reason: EngineCloseReason) async {
        await withTaskGroup(of: Void.self) { group in
            for service in services {
                group.addTask { await service.shutdown(reason: reason) }
            }
        }
    }
}
