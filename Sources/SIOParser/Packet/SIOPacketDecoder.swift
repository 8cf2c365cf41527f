/// Placeholder until JSON lands.
public struct SIOPacketDecoder: Sendable {}
