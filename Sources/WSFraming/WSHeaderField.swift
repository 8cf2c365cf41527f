/// One HTTP header line: a name (compared case-insensitively) and its value.
public struct WSHeaderField: Hashable, Sendable, CustomStringConvertible {
    /// The field name as sent.
    public var name: String
    /// The field value with surrounding whitespace removed.
    public var value: String

    /// A header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Whether the name equals `other` ignoring ASCII case.
    public func hasName(_ other: String) -> Bool {
        name.utf8.count == other.utf8.count && zip(name.utf8, other.utf8).allSatisfy { asciiLower($0) == asciiLower($1) }
    }

    public var description: String { "\(name): \(value)" }
}

/// ASCII lower-casing of one byte; HTTP names and tokens are case-insensitive in ASCII only.
func asciiLower(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
}

/// Whether two strings are equal ignoring ASCII case.
func asciiEqualsIgnoringCase(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
    a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { asciiLower($0) == asciiLower($1) }
}

/// The comma-separated elements of header values (RFC 9110 §5.6.1), trimmed, empty elements dropped.
///
/// Works on bytes: a comma or space followed by a combining mark is one Character but still a separator.
func commaSeparatedElements(_ values: [String]) -> [Substring] {
    values.flatMap { value in
        value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true)
            .map { Substring(decoding: trimmingOWS($0), as: UTF8.self) }
            .filter { !$0.isEmpty }
    }
}

/// `bytes` without leading and trailing spaces and tabs (bytes, not Characters, for the reason above).
func trimmingOWS<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bytes.SubSequence {
    let isOWS: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    guard let first = bytes.firstIndex(where: { !isOWS($0) }), let last = bytes.lastIndex(where: { !isOWS($0) }) else {
        return bytes[bytes.endIndex...]
    }
    return bytes[first...last]
}

/// Whether `byte` may appear in an HTTP token (RFC 9110 §5.6.2 tchar).
func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        true
    default:
        Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }
}
