import Synchronization
import Transports

/// Receives the engine's session events and hands them to each session's `SocketIOConnection`.
final class EngineBridge: EngineHandler, @unchecked Sendable {
    /// Set once, before the endpoint serves anything; the server lives as long as its endpoint does.
    private var server: SocketIOServer?

    func attach(_ server: SocketIOServer) {
        self.server = server
    }

    func sessionOpened(_ session: EngineSession) {
        guard let server else { return session.close() }
        let connection = SocketIOConnection(session: session, server: server)
        session.context = connection
        connection.start()
    }

    func session(_ session: EngineSession, received message: EngineMessage) {
        guard let context = session.context else { return }
        unsafeDowncast(context, to: SocketIOConnection.self).receive(message)
    }

    func sessionClosed(_ session: EngineSession, reason: EngineCloseReason) {
        guard let context = session.context else { return }
        // The connection holds the session: dropping the context breaks the cycle.
        session.context = nil
        unsafeDowncast(context, to: SocketIOConnection.self).closed(reason)
    }
}
