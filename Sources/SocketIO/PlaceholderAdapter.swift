import Adapters
import SIOParser
import SIOParserNIO

/// Stands in for a namespace's adapter for the instant between the namespace's creation and its adapter's (the
/// adapter needs the namespace); never used after `Namespace.init` returns.
final class PlaceholderAdapter: SocketIOAdapter {
    func start() async throws {}
    func shutdown() async {}
    func serverCount() async -> Int { 1 }
    func addAll(_ id: SocketID, rooms: Set<Room>) async {}
    func delete(_ id: SocketID, room: Room) async {}
    func deleteAll(_ id: SocketID) async {}
    func broadcast(_ packet: BroadcastPacket, options: BroadcastOptions) async {}
    func broadcastWithAck(
        _ packet: BroadcastPacket, options: BroadcastOptions, onClientCount: @escaping @Sendable (Int) -> Void,
        onAck: @escaping @Sendable (SIOArguments) -> Void
    ) async { onClientCount(0) }
    func sockets(in rooms: Set<Room>) async -> Set<SocketID> { [] }
    func rooms(of id: SocketID) async -> Set<Room>? { nil }
    func fetchSockets(_ options: BroadcastOptions) async throws -> [FetchedSocket] { [] }
    func addSockets(_ options: BroadcastOptions, rooms: Set<Room>) async {}
    func deleteSockets(_ options: BroadcastOptions, rooms: Set<Room>) async {}
    func disconnectSockets(_ options: BroadcastOptions, close: Bool) async {}
    func serverSideEmit(_ arguments: EncodedArguments) async throws {}
    func serverSideEmitWithAck(_ arguments: EncodedArguments, timeout: Duration) async throws -> [SIOArguments] { [] }
    func persistSession(_ session: PersistedSession) async {}
    func restoreSession(pid: PrivateSessionID, offset: String) async -> RestoredSession? { nil }
}
