/// Protocol revision and limits shared by `SIOPacketDecoder` and `SIOPacketEncoder`; the decoder checks every limit
/// before anything is buffered.
public struct SIOPacketOptions: Sendable {
    /// The protocol revision. Default `.v5` (Socket.IO 3+); `.v4` for `EIO=3` clients.
    public var version: SIOProtocolVersion
    /// Most binary attachments one packet may announce. Default 10, the reference decoder's default: a packet
    /// holds that many buffers in memory until its last attachment arrives, so a connection holds at most this many
    /// Engine.IO messages (each bounded by Engine.IO's `maxPayload`) for one packet.
    public var maxAttachments: Int
    /// Longest namespace in bytes (including a v4 query string). Default 1024: namespaces are short path-like
    /// names, and the bound keeps a hostile header from being scanned and kept at length.
    public var maxNamespaceLength: Int
    /// Largest acknowledgement id. Default 2^53 - 1 (`Number.MAX_SAFE_INTEGER`): the reference decoder reads ids
    /// as JavaScript numbers, so a larger id could not be acknowledged exactly by a JavaScript peer.
    public var maxAckID: UInt64
    /// Limits for the JSON payload (nesting depth, ...). Default `JSONOptions()`; the Engine.IO layer's
    /// `maxPayload` already bounds the payload's length.
    public var json: JSONOptions

    /// Options with the documented defaults, optionally for another revision.
    public init(
        version: SIOProtocolVersion = .v5, maxAttachments: Int = 10, maxNamespaceLength: Int = 1024,
        maxAckID: UInt64 = 9_007_199_254_740_991, json: JSONOptions = .init()
    ) {
        self.version = version
        self.maxAttachments = maxAttachments
        self.maxNamespaceLength = maxNamespaceLength
        self.maxAckID = maxAckID
        self.json = json
    }
}
