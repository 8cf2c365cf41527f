/// Why a client session ended; the descriptions are the reference client's strings.
public struct EngineClientCloseReason: Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case transportClose
        case transportError
        case pingTimeout
        case forcedClose
        case parseError
    }

    private let code: Code
    /// What happened, for logs (e.g. the underlying error).
    public let detail: String

    private init(_ code: Code, _ detail: String = "") {
        self.code = code
        self.detail = detail
    }

    /// The server closed the session (a close packet, or the connection ended cleanly).
    public static let transportClose = EngineClientCloseReason(.transportClose)
    /// A request or the WebSocket failed.
    public static let transportError = EngineClientCloseReason(.transportError)
    /// No ping arrived within pingInterval + pingTimeout.
    public static let pingTimeout = EngineClientCloseReason(.pingTimeout)
    /// `EngineClient.close()` was called.
    public static let forcedClose = EngineClientCloseReason(.forcedClose)
    /// The server sent bytes that are not Engine.IO.
    public static let parseError = EngineClientCloseReason(.parseError)

    /// The same reason with a detail.
    func with(_ detail: String) -> EngineClientCloseReason { EngineClientCloseReason(code, detail) }

    /// Reasons are equal when their kinds are; the detail is informative only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the kind only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The reference client's reason string.
    public var description: String {
        switch code {
        case .transportClose: "transport close"
        case .transportError: "transport error"
        case .pingTimeout: "ping timeout"
        case .forcedClose: "forced close"
        case .parseError: "parse error"
        }
    }
}
