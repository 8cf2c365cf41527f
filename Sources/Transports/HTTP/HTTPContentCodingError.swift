/// Why a polling response could not be compressed: a kind (one of the static constants) and a detail.
///
/// Two errors are equal when they are of the same kind; `detail` is context for humans and logs. The endpoint
/// answers such a response uncompressed or fails it; the error never reaches the client.
struct HTTPContentCodingError: Error, Hashable, CustomStringConvertible, Sendable {
    private enum Code: Hashable, Sendable {
        case invalidLevel
        case inputTooLarge
        case unsupportedCoding
        case zlibFailure
    }

    private let code: Code
    /// Human-readable context; never parsed.
    private(set) var detail: String

    private init(_ code: Code) {
        self.code = code
        self.detail = ""
    }

    /// The compression level is outside -1...9.
    static let invalidLevel = HTTPContentCodingError(.invalidLevel)
    /// The body is larger than zlib's 32-bit input count.
    static let inputTooLarge = HTTPContentCodingError(.inputTooLarge)
    /// The coding is neither gzip nor deflate.
    static let unsupportedCoding = HTTPContentCodingError(.unsupportedCoding)
    /// zlib reported an error (out of memory, or a bug).
    static let zlibFailure = HTTPContentCodingError(.zlibFailure)

    /// The same kind of error with `detail` attached.
    func with(detail: String) -> HTTPContentCodingError {
        var copy = self
        copy.detail = detail
        return copy
    }

    static func == (lhs: HTTPContentCodingError, rhs: HTTPContentCodingError) -> Bool { lhs.code == rhs.code }

    func hash(into hasher: inout Hasher) { hasher.combine(code) }

    var description: String {
        let name: String =
            switch code {
            case .invalidLevel: "invalid level"
            case .inputTooLarge: "input too large"
            case .unsupportedCoding: "unsupported coding"
            case .zlibFailure: "zlib failure"
            }
        return detail.isEmpty ? "HTTPContentCodingError(\(name))" : "HTTPContentCodingError(\(name): \(detail))"
    }
}
