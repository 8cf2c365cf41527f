/// Which revision of the Socket.IO protocol a codec speaks.
///
/// Revision 5 is used by Socket.IO 3 and later over Engine.IO 4 (`EIO=4`); revision 4 by Socket.IO 1 and 2 over
/// Engine.IO 3 (`EIO=3`). The wire format is the same; they differ in what CONNECT and CONNECT_ERROR carry.
public struct SIOProtocolVersion: Hashable, Sendable, CustomStringConvertible {
    /// The revision number.
    public let rawValue: Int

    private init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// Revision 5: CONNECT may carry an auth object; CONNECT_ERROR carries `{"message": ..., "data": ...}`.
    public static let v5 = SIOProtocolVersion(rawValue: 5)
    /// Revision 4: CONNECT may carry a query string after the namespace; CONNECT_ERROR carries a plain string.
    public static let v4 = SIOProtocolVersion(rawValue: 4)

    /// The revision matching an Engine.IO protocol number (`EIO=3` gives v4, anything newer v5).
    public init(engineIOProtocol: Int) {
        self = engineIOProtocol <= 3 ? .v4 : .v5
    }

    /// `"v4"` or `"v5"`.
    public var description: String { "v\(rawValue)" }
}
