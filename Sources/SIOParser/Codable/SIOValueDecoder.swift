/// Decodes `Decodable` values straight from a parsed JSON value (`JSONView`), without an intermediate `JSONValue`
/// tree and without Foundation.
///
/// A Socket.IO placeholder object (`{"_placeholder":true,"num":N}`) decodes into any `BinaryAttachmentDecodable`
/// type (`[UInt8]`, `Data`, `ByteBuffer`, ...) from the packet's attachment `N`; any other `Decodable` that reads an
/// unkeyed container of `UInt8` sees the attachment's bytes. Errors are `DecodingError`s with the coding path.
public struct SIOValueDecoder: Sendable {
    /// Limits and settings of a decoder.
    public struct Options: Sendable {
        /// How many containers deep a decode may go. Default 128: deeper than any real event payload, and shallow
        /// enough that Codable's recursion (several stack frames per level) fits a 512 KiB thread stack.
        public var maxDepth: Int
        /// Whether an integer target accepts a number written with a fraction or exponent that is exactly an integer
        /// (`1.0`, `1e2`), as Foundation's JSONDecoder does. Default `true`; `1.5` is always rejected.
        public var acceptsIntegralFloatingPointForIntegers: Bool

        /// Creates options; every parameter defaults to the documented default.
        public init(maxDepth: Int = 128, acceptsIntegralFloatingPointForIntegers: Bool = true) {
            self.maxDepth = maxDepth
            self.acceptsIntegralFloatingPointForIntegers = acceptsIntegralFloatingPointForIntegers
        }
    }

    /// The decoder's limits and settings.
    public var options: Options
    /// Values handed to every `Decodable` through `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// Creates a decoder.
    public init(options: Options = Options(), userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.options = options
        self.userInfo = userInfo
    }

    /// Decodes a value of type `T` from `value`, resolving placeholders against `attachments`.
    public func decode<T: Decodable, Bytes>(
        _ type: T.Type,
        from value: JSONView<Bytes>,
        attachments: [Bytes] = []
    ) throws -> T {
        let context = context(attachments)
        return try value.withRawView { raw in
            try ViewDecoder(value: raw, context: context, parent: .root, step: .none, depth: 0).decodeValue(T.self)
        }
    }

    /// Decodes the argument at `index` of an arguments array (for example an EVENT payload after its name).
    ///
    /// A missing argument decodes like JavaScript's `undefined`: as `nil` for an `Optional` type, otherwise it is a
    /// `DecodingError.valueNotFound`.
    public func decodeArgument<T: Decodable, Bytes>(
        _ type: T.Type,
        at index: Int,
        of arguments: JSONView<Bytes>,
        attachments: [Bytes] = []
    ) throws -> T {
        let context = context(attachments)
        return try arguments.withRawView { raw in
            var elements = try ArgumentCursor(arguments: raw, context: context, startIndex: index)
            return try elements.next(T.self)
        }
    }

    /// Decodes consecutive arguments of an arguments array, starting at `startIndex`, one per type given.
    ///
    /// `let (room, count) = try decoder.decodeArguments(String.self, Int.self, from: payload, startingAt: 1)`.
    /// Missing arguments follow `decodeArgument(_:at:of:attachments:)`; extra arguments are ignored, as a
    /// JavaScript handler ignores them.
    public func decodeArguments<each T: Decodable, Bytes>(
        _ types: repeat (each T).Type,
        from arguments: JSONView<Bytes>,
        startingAt startIndex: Int = 0,
        attachments: [Bytes] = []
    ) throws -> (repeat each T) {
        let context = context(attachments)
        return try arguments.withRawView { raw in
            var elements = try ArgumentCursor(arguments: raw, context: context, startIndex: startIndex)
            return (repeat try elements.next((each types).self))
        }
    }

    /// Decodes arguments given as a collection of values (for example a decoded packet's arguments after the event
    /// name), one per type; missing ones decode like `undefined`, extra ones are ignored. Coding paths count from 0.
    public func decodeArguments<each T: Decodable, Bytes, Arguments: Collection<JSONView<Bytes>>>(
        _ types: repeat (each T).Type,
        from arguments: Arguments,
        attachments: [Bytes] = []
    ) throws -> (repeat each T) {
        let context = context(attachments)
        var iterator = arguments.makeIterator()
        var index = 0
        func next<U: Decodable>(_ type: U.Type) throws -> U {
            defer { index += 1 }
            guard let argument = iterator.next() else {
                return try ViewDecoder(value: nil, context: context, parent: .root, step: .index(index), depth: 1)
                    .decodeValue(U.self)
            }
            return try argument.withRawView { raw in
                try ViewDecoder(value: raw, context: context, parent: .root, step: .index(index), depth: 1)
                    .decodeValue(U.self)
            }
        }
        return (repeat try next(each types))
    }

    private func context<Bytes: RandomAccessCollection<UInt8> & Sendable>(_ attachments: [Bytes]) -> DecodingContext {
        DecodingContext(attachments: TypedAttachments(list: attachments), options: options, userInfo: userInfo)
    }
}
