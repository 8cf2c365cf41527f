/// One entry of a document's index ("tape"): the values in document order, containers followed by their contents.
///
/// An object's contents alternate key (a string node) and value subtree. `next` is the tape index just past the
/// node's subtree, so siblings are reached without visiting children. Offsets are relative to the document start.
struct JSONNode: Sendable {
    /// Offset of the value's first byte (for strings: the opening quote).
    var start: UInt32
    /// Offset just past the value's last byte (for strings: past the closing quote).
    var end: UInt32
    /// Tape index after this node's subtree.
    var next: UInt32
    /// Containers: the number of elements or members.
    var count: UInt32
    /// `JSONKind` raw value.
    var kind: UInt8
    /// Kind-specific facts the validator learnt, so that access never rescans (see the static masks).
    var flags: UInt8

    /// String: contains a backslash escape.
    static let escaped: UInt8 = 1
    /// String: contains bytes outside ASCII.
    static let nonASCII: UInt8 = 2
    /// String: contains a `\uXXXX` escape of an unpaired surrogate.
    static let loneSurrogate: UInt8 = 4
    /// Number: written without fraction or exponent.
    static let integer: UInt8 = 1
}
