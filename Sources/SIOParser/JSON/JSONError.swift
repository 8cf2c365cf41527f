/// Why a JSON document was rejected: what went wrong, the byte offset where it was found, and a readable detail.
public struct JSONError: Error, Hashable, CustomStringConvertible {
    /// The kind of problem; compare with the static constants (`.unexpectedEnd`, ...).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: UInt8, Hashable, Sendable {
            case unexpectedEnd, unexpectedCharacter, invalidNumber, controlCharacterInString, invalidEscape
            case invalidUTF8, depthLimitExceeded, documentTooLong, trailingCharacters
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The document ended inside a value (or was empty).
        public static let unexpectedEnd = Code(.unexpectedEnd)
        /// A byte that cannot start or continue the expected token.
        public static let unexpectedCharacter = Code(.unexpectedCharacter)
        /// A number that breaks the grammar: leading zero, missing digits after `.` or `e`, a lone `-`.
        public static let invalidNumber = Code(.invalidNumber)
        /// A raw control character (U+0000–U+001F) inside a string; JSON requires it escaped.
        public static let controlCharacterInString = Code(.controlCharacterInString)
        /// A backslash escape that is not one of `\" \\ \/ \b \f \n \r \t \uXXXX`.
        public static let invalidEscape = Code(.invalidEscape)
        /// Bytes inside a string that are not well-formed UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// Arrays and objects nested deeper than `JSONOptions.maxDepth`.
        public static let depthLimitExceeded = Code(.depthLimitExceeded)
        /// The document is longer than `JSONOptions.maxLength` (or the hard cap).
        public static let documentTooLong = Code(.documentTooLong)
        /// Something other than whitespace follows the single top-level value.
        public static let trailingCharacters = Code(.trailingCharacters)

        /// The code's name.
        public var description: String {
            switch base {
            case .unexpectedEnd: "unexpectedEnd"
            case .unexpectedCharacter: "unexpectedCharacter"
            case .invalidNumber: "invalidNumber"
            case .controlCharacterInString: "controlCharacterInString"
            case .invalidEscape: "invalidEscape"
            case .invalidUTF8: "invalidUTF8"
            case .depthLimitExceeded: "depthLimitExceeded"
            case .documentTooLong: "documentTooLong"
            case .trailingCharacters: "trailingCharacters"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// Offset of the offending byte from the start of the document.
    public var offset: Int
    /// A human-readable explanation.
    public var detail: String

    /// An error with its context.
    public init(_ code: Code, offset: Int, detail: String) {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    /// `code at offset N: detail`.
    public var description: String { "JSONError.\(code) at offset \(offset): \(detail)" }
}
