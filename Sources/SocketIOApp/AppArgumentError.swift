/// An event argument did not decode as the route's parameter type; the handler did not run.
public struct AppArgumentError: Error, Sendable, CustomStringConvertible {
    /// The argument's position (0 for the first).
    public var index: Int
    /// What the decoder said.
    public var detail: String

    /// A failure of argument `index`.
    public init(index: Int, detail: String) {
        self.index = index
        self.detail = detail
    }

    /// What the client is told: `invalid argument 0: ...`.
    public var description: String { "invalid argument \(index): \(detail)" }
}
