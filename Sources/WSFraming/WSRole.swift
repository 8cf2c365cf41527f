/// Which end of the connection this endpoint is; it decides which frames must be masked (RFC 6455 §5.1).
public enum WSRole: Hashable, Sendable {
    /// Receives masked frames, sends unmasked ones.
    case server
    /// Receives unmasked frames, sends masked ones.
    case client
}
