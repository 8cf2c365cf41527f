/// One entry of a document's index ("tape"): the values in document order, containers followed by their contents.
///
/// An object's contents alternate key (a string node) and value subtree. `next` is the tape index just past the
/// node's subtree, so siblings are reached without visiting children. Offsets are relative to the document start.
@usableFromInline
struct JSONNode: Sendable {
    /// Offset of the value's first byte (for strings: the opening quote).
    @usableFromInline var start: UInt32
    /// Offset just past the value's last byte (for strings: past the closing quote).
    @usableFromInline var end: UInt32
    /// Tape index after this node's subtree.
    @usableFromInline var next: UInt32
    /// Containers: the number of elements or members.
    @usableFromInline var count: UInt32
    /// `JSONKind` raw value.
    @usableFromInline var kind: UInt8
    /// Kind-specific facts the validator learnt, so that access never rescans (see the static masks).
    @usableFromInline var flags: UInt8

    /// String: contains a backslash escape.
    @usableFromInline static let escaped: UInt8 = 1
    /// String: contains bytes outside ASCII.
    @usableFromInline static let nonASCII: UInt8 = 2
    /// String: contains a `\uXXXX` escape of an unpaired surrogate.
    @usableFromInline static let loneSurrogate: UInt8 = 4
    @usableFromInline
    init(start: UInt32, end: UInt32, next: UInt32, count: UInt32, kind: UInt8, flags: UInt8) {
        self.start = start
        self.end = end
        self.next = next
        self.count = count
        self.kind = kind
        self.flags = flags
    }

    /// Number: written without fraction or exponent.
    @usableFromInline static let integer: UInt8 = 1
}
