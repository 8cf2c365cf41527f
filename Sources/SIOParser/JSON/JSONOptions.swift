/// Limits applied while a JSON document is validated.
public struct JSONOptions: Sendable, Hashable {
    /// The deepest nesting of arrays and objects accepted; default 512.
    ///
    /// The parser itself is iterative and would cope with any depth, but values built from the document are consumed
    /// by recursive code (synthesized `Equatable`/`Hashable` of `JSONValue`, its deinitialisation, Codable decoding,
    /// user code). 512 is far deeper than any real Socket.IO payload and shallow enough that such recursion stays well
    /// inside a thread's stack.
    public var maxDepth: Int
    /// The longest document accepted, in bytes; default `nil` (no limit beyond the hard cap of `UInt32.max - 1`
    /// bytes, which the compact index needs).
    ///
    /// The transport's message limit (Engine.IO `maxHttpBufferSize`, 1 MB by default) already bounds the input, and
    /// the parser never buffers: it only builds an index whose size is linear in the input. Set it when documents
    /// arrive from a source without such a limit.
    public var maxLength: Int?

    /// Options with the documented defaults.
    public init(maxDepth: Int = 512, maxLength: Int? = nil) {
        self.maxDepth = maxDepth
        self.maxLength = maxLength
    }
}
