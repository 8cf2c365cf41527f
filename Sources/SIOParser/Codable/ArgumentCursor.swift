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
