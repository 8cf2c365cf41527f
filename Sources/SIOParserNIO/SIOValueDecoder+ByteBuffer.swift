public import NIOCore
public import SIOParser

extension SIOValueDecoder {
    /// Validates the JSON in `buffer`'s readable bytes and decodes a `T` from it; `attachments` resolve placeholders
    /// (a `ByteBuffer` target gets a slice of its attachment, no copy). Invalid JSON throws `JSONError`.
    public func decode<T: Decodable>(
        _ type: T.Type,
        fromJSON buffer: ByteBuffer,
        attachments: [ByteBuffer] = [],
        jsonOptions: JSONOptions = JSONOptions()
    ) throws -> T {
        let document = try JSONDocument(parsing: buffer.readableBytesView, options: jsonOptions)
        return try decode(T.self, from: document.root, attachments: attachments.map(\.readableBytesView))
    }

    /// Validates the JSON arguments array in `buffer` and decodes the arguments from `startIndex` on, one per type.
    public func decodeArguments<each T: Decodable>(
        _ types: repeat (each T).Type,
        fromJSON buffer: ByteBuffer,
        startingAt startIndex: Int = 0,
        attachments: [ByteBuffer] = [],
        jsonOptions: JSONOptions = JSONOptions()
    ) throws -> (repeat each T) {
        let document = try JSONDocument(parsing: buffer.readableBytesView, options: jsonOptions)
        return try decodeArguments(
            repeat each types,
            from: document.root,
            startingAt: startIndex,
            attachments: attachments.map(\.readableBytesView)
        )
    }
}

extension EncodedArguments {
    /// The JSON text copied once into a new buffer from `allocator` (attachments stay as they are).
    public func jsonBuffer(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: json.count)
        buffer.writeBytes(json)
        return buffer
    }
}
