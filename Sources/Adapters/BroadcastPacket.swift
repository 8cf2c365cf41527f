public import SIOParser

/// An EVENT on its way to many sockets, before it is encoded for the wire.
///
/// The adapter may change it before delivery (connection state recovery appends the packet's offset as a last
/// argument); the namespace then encodes it once and writes the same bytes to every target. Cluster adapters
/// serialise `arguments.json` and the attachments' bytes as they are.
public struct BroadcastPacket: Sendable {
    /// The namespace the packet belongs to.
    public var namespace: String
    /// The JSON array `["event", arg1, ...]` and the attachments its placeholders refer to.
    public var arguments: EncodedArguments

    /// A packet for `namespace` with the event array already encoded.
    public init(namespace: String, arguments: EncodedArguments) {
        self.namespace = namespace
        self.arguments = arguments
    }

    /// Whether the packet carries binary attachments (it goes out as a BINARY_EVENT).
    public var isBinary: Bool { !arguments.attachments.isEmpty }

    /// Appends a string as the last element of the event array (the recovery offset), without re-encoding.
    public mutating func appendArgument(_ value: String) {
        var json = arguments.json
        // The array was produced by an encoder, so its last byte is `]` (possibly after nothing else at all).
        guard let close = json.lastIndex(of: 0x5D) else { return }
        json.removeSubrange(close...)
        if json.count > 1 { json.append(0x2C) }
        JSONValue.string(value).serialize(into: &json)
        json.append(0x5D)
        arguments.json = json
    }
}
