/// Encodes `Encodable` values straight into JSON bytes, without an intermediate tree and without Foundation.
///
/// Keys are written in encoding order (declaration order for synthesized conformances); strings and numbers are
/// written exactly as `JSON.stringify` writes them (NaN and infinities as `null`); `encodeIfPresent` omits `nil`
/// members, as JSONEncoder does. `[UInt8]`, `Data`, `ByteBuffer` and any other `BinaryAttachment` become
/// `{"_placeholder":true,"num":i}` with the value appended to the attachments (not copied).
///
/// Output is streamed: a container must be finished before a sibling container is started (synthesized and
/// ordinary hand-written `encode(to:)` always do this); going back to a finished one throws an `EncodingError`.
/// A member encoded twice under the same key is written twice; `JSON.parse` keeps the last. A value that encodes
/// nothing at all is written `{}`, as JSONEncoder writes a nested one.
public struct SIOValueEncoder: Sendable {
    /// Limits of an encoder.
    public struct Options: Sendable {
        /// How many containers deep a value may go. Default 128, as for decoding; it also stops a value that
        /// refers to itself (a class cycle) with an error instead of a stack overflow.
        public var maxDepth: Int

        /// Creates options; every parameter defaults to the documented default.
        public init(maxDepth: Int = 128) {
            self.maxDepth = maxDepth
        }
    }

    /// The encoder's limits.
    public var options: Options
    /// Values handed to every `Encodable` through `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// Creates an encoder.
    public init(options: Options = Options(), userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.options = options
        self.userInfo = userInfo
    }

    /// Encodes one value (any JSON value at the top level, as JSON.stringify allows).
    public func encode<T: Encodable>(_ value: T) throws -> EncodedArguments {
        let state = makeState()
        try state.encodeValue(value, parent: .root, step: .none)
        return EncodedArguments(json: state.out, attachments: state.attachments)
    }

    /// Encodes values as one JSON array: the arguments of an ack, or of an event when the first is its name.
    public func encodeArguments<each T: Encodable>(_ values: repeat each T) throws -> EncodedArguments {
        let state = makeState()
        let array = state.push(.array)
        var position = 0
        func append<U: Encodable>(_ value: U) throws {
            try state.beginEntry(array.index, array.serial, path: [PathKey(index: position)])
            try state.encodeValue(value, parent: .root, step: .index(position))
            position += 1
        }
        repeat try append(each values)
        state.close(above: 0, including: true)
        return EncodedArguments(json: state.out, attachments: state.attachments)
    }

    /// Encodes an event: `["name", arg1, arg2, ...]`.
    public func encodeEvent<each T: Encodable>(_ name: String, _ arguments: repeat each T) throws -> EncodedArguments {
        try encodeArguments(name, repeat each arguments)
    }

    /// Encodes an array of values of mixed types known only at run time, as one JSON array.
    public func encodeArguments(_ values: [any Encodable]) throws -> EncodedArguments {
        let state = makeState()
        let array = state.push(.array)
        for (position, value) in values.enumerated() {
            try state.beginEntry(array.index, array.serial, path: [PathKey(index: position)])
            try state.encodeValue(value, parent: .root, step: .index(position))
        }
        state.close(above: 0, including: true)
        return EncodedArguments(json: state.out, attachments: state.attachments)
    }

    /// Appends the JSON of `value` to `json` and its attachments to `attachments` (numbered after those already
    /// there), for callers that assemble a packet themselves.
    public func encode<T: Encodable>(
        _ value: T,
        into json: inout [UInt8],
        attachments: inout [any BinaryAttachment]
    ) throws {
        let state = makeState()
        let (jsonStart, attachmentStart) = (json.count, attachments.count)
        // Move the buffers into the state (no copy), and back whatever happens; on failure nothing is appended.
        swap(&state.out, &json)
        swap(&state.attachments, &attachments)
        defer {
            swap(&state.out, &json)
            swap(&state.attachments, &attachments)
        }
        do {
            try state.encodeValue(value, parent: .root, step: .none)
        } catch {
            state.out.removeSubrange(jsonStart...)
            state.attachments.removeSubrange(attachmentStart...)
            throw error
        }
    }

    private func makeState() -> EncodingState {
        EncodingState(maxDepth: options.maxDepth, userInfo: userInfo)
    }
}
