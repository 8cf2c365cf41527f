extension JSONView {
    /// Calls `body` with the contiguous bytes between a string's quotes.
    @inlinable
    func withStringContents<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        let node = node
        let base = document.bytes.startIndex
        let slice = document.bytes[(base + Int(node.start) + 1)..<(base + Int(node.end) - 1)]
        if let result = slice.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(slice).withUnsafeBytes(body)
    }

    /// The decoded string (escapes resolved), or `nil` if this is not a string. Allocates.
    ///
    /// A Swift `String` cannot hold an unpaired surrogate: each `\uD800`-style escape without its partner becomes
    /// U+FFFD here. `utf16Units` and `rawBytes` keep them.
    @inlinable
    public var stringValue: String? {
        guard node.kind == JSONKind.string.rawValue else { return nil }
        let escaped = node.flags & JSONNode.escaped != 0
        return withStringContents { JSONStringDecoding.decode($0, escaped: escaped) }
    }

    /// Whether this is a string equal to `s` after decoding (consistent with `stringValue == s`); never allocates.
    @inlinable
    public func stringEquals(_ s: String) -> Bool {
        let node = node
        guard node.kind == JSONKind.string.rawValue else { return false }
        let escaped = node.flags & JSONNode.escaped != 0
        return withStringContents { JSONStringDecoding.equals($0, escaped: escaped, s) }
    }

    /// The string's UTF-16 code units exactly as JavaScript would hold them, unpaired surrogates included;
    /// `nil` if this is not a string.
    @inlinable
    public var utf16Units: [UInt16]? {
        guard node.kind == JSONKind.string.rawValue else { return nil }
        return withStringContents { JSONStringDecoding.utf16($0) }
    }

    /// Whether this is a string containing an escaped unpaired surrogate (which `stringValue` cannot represent).
    @inlinable
    public var hasLoneSurrogate: Bool {
        let node = node
        return node.kind == JSONKind.string.rawValue && node.flags & JSONNode.loneSurrogate != 0
    }
}
