/// The 4-byte masking key of a frame (RFC 6455 §5.3), kept in wire order.
public struct WSMaskKey: Hashable, Sendable, CustomStringConvertible {
    /// The four key bytes loaded as a little-endian word, so byte `i` of the key is bits `8*i ..< 8*i+8`.
    @usableFromInline var word: UInt32

    /// A key from its four bytes in wire order.
    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) {
        word = UInt32(b0) | UInt32(b1) << 8 | UInt32(b2) << 16 | UInt32(b3) << 24
    }

    /// The four key bytes in wire order.
    public var bytes: [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * UInt32($0))) } }

    /// A key from a cryptographically secure generator; RFC 6455 §5.3 requires unpredictable client keys.
    public static func random() -> WSMaskKey {
        var generator = SystemRandomNumberGenerator()
        return WSMaskKey(fromWord: generator.next())
    }

    /// A key whose byte `i` is byte `i` of `word` (little-endian).
    init(fromWord word: UInt32) { self.word = word }

    public var description: String { bytes.map { String($0, radix: 16) }.joined(separator: " ") }
}
