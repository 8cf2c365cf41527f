/// Why a cluster operation failed: a peer did not answer in time, the backend refused a message, or the adapter is
/// shut down.
public struct ClusterAdapterError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case timeout, publishFailed, shutDown
    }

    private let code: Code
    /// What happened, for logs.
    public let detail: String

    private init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// Not every node answered within the timeout.
    public static let timeout = ClusterAdapterError(.timeout, "")
    /// The backend could not publish a message.
    public static let publishFailed = ClusterAdapterError(.publishFailed, "")
    /// The adapter was shut down while waiting.
    public static let shutDown = ClusterAdapterError(.shutDown, "")

    /// The same error with a detail.
    func with(_ detail: String) -> ClusterAdapterError { ClusterAdapterError(code, detail) }

    /// Errors are equal when their kinds are (the detail is for humans).
    public static func == (lhs: ClusterAdapterError, rhs: ClusterAdapterError) -> Bool { lhs.code == rhs.code }

    /// Hashes the kind.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The kind and detail.
    public var description: String {
        let name =
            switch code {
            case .timeout: "timeout"
            case .publishFailed: "publish failed"
            case .shutDown: "shut down"
            }
        return detail.isEmpty ? name : "\(name): \(detail)"
    }
}
