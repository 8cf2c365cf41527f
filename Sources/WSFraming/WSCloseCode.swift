/// A close status code (RFC 6455 §7.4) around its raw value, so unknown codes can still be represented and reported.
public struct WSCloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit value on the wire.
    public var rawValue: UInt16

    /// Wraps any value; use `isValidOnWire` to ask whether a peer may send it.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1000: the purpose of the connection was fulfilled.
    public static let normalClosure = WSCloseCode(rawValue: 1000)
    /// 1001: the endpoint is going away (server shutdown, page navigation).
    public static let goingAway = WSCloseCode(rawValue: 1001)
    /// 1002: protocol error.
    public static let protocolError = WSCloseCode(rawValue: 1002)
    /// 1003: a data type the endpoint cannot accept.
    public static let unsupportedData = WSCloseCode(rawValue: 1003)
    /// 1005: reported locally when a close frame had no code; never sent.
    public static let noStatusReceived = WSCloseCode(rawValue: 1005)
    /// 1006: reported locally when the connection dropped without a close frame; never sent.
    public static let abnormalClosure = WSCloseCode(rawValue: 1006)
    /// 1007: data inconsistent with the message type (bad UTF-8).
    public static let invalidPayloadData = WSCloseCode(rawValue: 1007)
    /// 1008: a policy was violated.
    public static let policyViolation = WSCloseCode(rawValue: 1008)
    /// 1009: a message too big to process.
    public static let messageTooBig = WSCloseCode(rawValue: 1009)
    /// 1010: the client expected an extension the server did not negotiate.
    public static let mandatoryExtension = WSCloseCode(rawValue: 1010)
    /// 1011: an unexpected condition inside the endpoint.
    public static let internalError = WSCloseCode(rawValue: 1011)
    /// 1015: reported locally for a TLS failure; never sent.
    public static let tlsHandshake = WSCloseCode(rawValue: 1015)

    /// Whether a peer may put this code in a close frame.
    ///
    /// 1000-1003 and 1007-1011 are the RFC 6455 codes meant for the wire, 3000-3999 are IANA-registered for libraries
    /// and 4000-4999 are private. Everything else is rejected (1002), following the Autobahn testsuite's cases
    /// 7.9.x / 7.13.x: 1004 (reserved), 1005/1006/1015 (local-only), below 1000, and the unassigned 1012-2999.
    /// (node `ws` additionally accepts 1012-1014, which IANA later assigned; Autobahn expects them refused.)
    public var isValidOnWire: Bool {
        switch rawValue {
        case 1000...1003, 1007...1011, 3000...4999: true
        default: false
        }
    }

    public var description: String { String(rawValue) }
}
