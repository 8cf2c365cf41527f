/// Which adapter fans out broadcasts: `memory` (one process) for now.
public struct AdapterConfiguration: Codable, Sendable, Equatable {
    /// The adapter's kind.
    public var type: String = "memory"

    /// The in-memory adapter.
    public init(type: String = "memory") { self.type = type }
}
