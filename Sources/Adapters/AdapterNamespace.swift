public import SIOParserNIO

/// The namespace as its adapter sees it; the server implements it.
///
/// Delivery is the namespace's job: it encodes a packet once and writes the same bytes to every target socket,
/// grouping targets by event loop.
public protocol AdapterNamespace: AnyObject, Sendable {
    /// The namespace's name (`/`, `/chat`, ...).
    var name: String { get }
    /// Encodes `packet` once and writes it to the local sockets `targets` (ids of sockets no longer there are
    /// skipped). Volatile packets are dropped for a socket that cannot take them now.
    func deliver(_ packet: BroadcastPacket, to targets: [SocketID], flags: BroadcastFlags)
    /// As `deliver`, with an acknowledgement id: each target that answers calls `onAck` once with its arguments.
    /// Returns how many sockets the packet was written to.
    func deliverWithAck(
        _ packet: BroadcastPacket, to targets: [SocketID], flags: BroadcastFlags,
        onAck: @escaping @Sendable (SocketID, SIOArguments) -> Void
    ) -> Int
    /// The local socket with this id, if connected to the namespace.
    func localSocket(_ id: SocketID) -> (any AdapterSocket)?
    /// Another node emitted `event` with `arguments` to every server (`serverSideEmit`); `ack`, when present,
    /// answers it.
    func serverSideEventReceived(_ event: String, arguments: SIOArguments, ack: (@Sendable (SIOArguments) -> Void)?)
}
