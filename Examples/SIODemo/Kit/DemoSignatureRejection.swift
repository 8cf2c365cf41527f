/// Why the `signature` middleware refused a handshake; `reason` is what the client sees in the CONNECT_ERROR data.
public struct DemoSignatureRejection: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable { case unknownApp, badSignature, expired }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// The `app` query parameter is missing or names no configured app.
    public static let unknownApp = DemoSignatureRejection(.unknownApp)
    /// The signature does not match, or the timestamp or signature is missing or malformed.
    public static let badSignature = DemoSignatureRejection(.badSignature)
    /// The timestamp is further from the server's clock than the allowed skew.
    public static let expired = DemoSignatureRejection(.expired)

    /// The reason as the protocol spells it.
    public var reason: String {
        switch code {
        case .unknownApp: "unknown app"
        case .badSignature: "bad signature"
        case .expired: "expired"
        }
    }

    /// A one-line message.
    public var description: String { "signature rejected: \(reason)" }
}
