/// Why a `Sec-WebSocket-Extensions` header value was rejected: a code, the byte offset where it was found, a detail.
public struct WSExtensionError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case headerTooLong
        case tooManyExtensions
        case tooManyParameters
        case unexpectedCharacter
        case unterminatedQuotedString
        case invalidQuotedValue
        case emptyExtension
    }

    private let code: Code
    /// Byte offset in the header value where the problem was found.
    public let offset: Int
    /// Human-readable explanation.
    public let detail: String

    private init(_ code: Code, offset: Int = 0, detail: String = "") {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    /// The header value is longer than `WSExtensionHeader.Limits.maxHeaderLength`.
    public static let headerTooLong = WSExtensionError(.headerTooLong)
    /// More extensions than `WSExtensionHeader.Limits.maxExtensions`.
    public static let tooManyExtensions = WSExtensionError(.tooManyExtensions)
    /// One extension has more parameters than `WSExtensionHeader.Limits.maxParameters`.
    public static let tooManyParameters = WSExtensionError(.tooManyParameters)
    /// A byte the RFC 6455 §9.1 grammar does not allow at this point.
    public static let unexpectedCharacter = WSExtensionError(.unexpectedCharacter)
    /// A quoted-string without its closing quote.
    public static let unterminatedQuotedString = WSExtensionError(.unterminatedQuotedString)
    /// A quoted value that is not a token once unescaped (RFC 6455 §9.1).
    public static let invalidQuotedValue = WSExtensionError(.invalidQuotedValue)
    /// A `;` with no extension name before it.
    public static let emptyExtension = WSExtensionError(.emptyExtension)

    /// The same kind of error located at `offset`, with an explanation.
    public func at(_ offset: Int, _ detail: String) -> WSExtensionError {
        WSExtensionError(code, offset: offset, detail: detail)
    }

    /// Two errors are equal when they are the same kind, wherever they were found.
    public static func == (lhs: WSExtensionError, rhs: WSExtensionError) -> Bool { lhs.code == rhs.code }

    /// Hashes the kind only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The kind, the offset and the detail.
    public var description: String {
        "WSExtensionError.\(code) at \(offset)" + (detail.isEmpty ? "" : ": \(detail)")
    }
}
