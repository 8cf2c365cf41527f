/// The type of a JSON value as written in the document.
public enum JSONKind: UInt8, Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool
    /// A number (integer or not; see `JSONView.isInteger`).
    case number
    /// A string.
    case string
    /// An array.
    case array
    /// An object.
    case object
}
