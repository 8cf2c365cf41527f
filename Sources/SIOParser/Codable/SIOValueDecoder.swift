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

/// Walks an arguments array from a start index, one decoder per argument; past the end, decoders over an absent value.
struct ArgumentCursor {
    private let context: DecodingContext
    private var iterator: JSONElements<RawBytes>.Iterator
    private var index: Int

    init(arguments: JSONView<RawBytes>, context: DecodingContext, startIndex: Int) throws {
        guard arguments.kind == .array else {
            throw DecodingError.typeMismatch(
                [Any].self,
                .init(codingPath: [], debugDescription: "Expected an arguments array but found \(arguments.kind.phrase).")
            )
        }
        self.context = context
        self.iterator = arguments.elements.makeIterator()
        self.index = startIndex
        // Skipping stops at the end of the array: a start index far beyond it costs nothing.
        for _ in 0..<min(max(startIndex, 0), arguments.count) {
            _ = iterator.next()
        }
    }

    /// Decodes the next argument (an absent one if the array is shorter, or the start index was negative).
    mutating func next<T: Decodable>(_ type: T.Type) throws -> T {
        let element = index >= 0 ? iterator.next() : nil
        let decoder = ViewDecoder(
            value: element, context: context, parent: .root, step: .index(index), depth: 1
        )
        index &+= 1  // wraps only past Int.max, where every argument is absent anyway
        return try decoder.decodeValue(T.self)
    }
}

/// What every decoder and container of one decode shares.
final class DecodingContext {
    let attachments: any AttachmentSource
    let options: SIOValueDecoder.Options
    let userInfo: [CodingUserInfoKey: Any]

    init(attachments: any AttachmentSource, options: SIOValueDecoder.Options, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.attachments = attachments
        self.options = options
        self.userInfo = userInfo
    }
}
