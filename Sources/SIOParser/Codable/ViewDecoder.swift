/// The `Decoder` behind `SIOValueDecoder`: one JSON value (or none, for a missing argument) at a coding path.
///
/// It is a small struct over a shared context, so a nested value costs no class allocation; it is also its own
/// single-value container, as Foundation's JSONDecoder implementation is.
struct ViewDecoder: Decoder {
    /// The value; `nil` stands for an absent value (a missing argument, JavaScript's `undefined`).
    let value: JSONView<RawBytes>?
    let context: DecodingContext
    /// The path to the value's container, and the step from there (kept apart so reading a member allocates nothing).
    let parent: CodingPathNode
    let step: PathStep
    let depth: Int

    init(value: JSONView<RawBytes>?, context: DecodingContext, parent: CodingPathNode, step: PathStep, depth: Int) {
        self.value = value
        self.context = context
        self.parent = parent
        self.step = step
        self.depth = depth
    }

    /// The full path as a node (allocates one node), for containers that hand it to their children.
    var path: CodingPathNode { step.node(after: parent) }
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let object = try require(.object, as: [String: Any].self)
        try checkDepth()
        let table = MemberTable(object)
        if table.isPlaceholder {
            throw mismatch([String: Any].self, found: "a binary attachment")
        }
        return KeyedDecodingContainer(ViewKeyedContainer<Key>(table: table, decoder: self, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try checkDepth()
        if let value, value.kind == .object, let number = try attachmentNumber(value) {
            return AttachmentByteContainer(bytes: context.attachments.bytes(at: number), decoder: self)
        }
        let array = try require(.array, as: [Any].self)
        return ViewUnkeyedContainer(array: array, decoder: self, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }

    /// Decodes `T` from this decoder's value, building attachment types straight from the attachment bytes.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if let value, value.kind == .object, let attachmentType = T.self as? any BinaryAttachmentDecodable.Type,
           let number = try attachmentNumber(value) {
            do {
                // The cast cannot fail: `attachmentType` is `T.self`.
                if let result = try context.attachments.make(attachmentType, at: number) as? T {
                    return result
                }
            } catch let error as DecodingError {
                throw error
            } catch {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: codingPath, debugDescription: "Attachment rejected by \(T.self).",
                          underlyingError: error)
                )
            }
        }
        return try T(from: self)
    }

    /// A decoder for a member or element of this decoder's value.
    func child(_ value: JSONView<RawBytes>?, parent: CodingPathNode, step: PathStep) -> ViewDecoder {
        ViewDecoder(value: value, context: context, parent: parent, step: step, depth: depth + 1)
    }

    // MARK: - Shared checks

    /// The value, if it has the given kind; otherwise the `DecodingError` Codable expects.
    func require(_ kind: JSONKind, as type: Any.Type) throws -> JSONView<RawBytes> {
        guard let value else {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath, debugDescription: "Expected \(type) but the value is missing.")
            )
        }
        guard value.kind == kind else {
            if value.kind == .null {
                throw DecodingError.valueNotFound(
                    type, .init(codingPath: codingPath, debugDescription: "Expected \(type) but found null instead.")
                )
            }
            throw mismatch(type, found: value.kind.phrase)
        }
        return value
    }

    func mismatch(_ type: Any.Type, found: String) -> DecodingError {
        DecodingError.typeMismatch(
            type, .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(found) instead.")
        )
    }

    func corrupted(_ detail: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: detail))
    }

    private func checkDepth() throws {
        guard depth < context.options.maxDepth else {
            throw corrupted("Nesting is deeper than the limit of \(context.options.maxDepth) (SIOValueDecoder.Options.maxDepth).")
        }
    }

    /// The number of the attachment an object stands for, or `nil` if it is not a placeholder; throws for a
    /// placeholder whose `num` is not an index into the attachments (as the reference parser does).
    func attachmentNumber(_ object: JSONView<RawBytes>) throws -> Int? {
        guard let marker = object.member(named: "_placeholder"), marker.boolValue == true else { return nil }
        guard let num = object.member(named: "num"), num.kind == .number, num.isInteger, let index = num.int64Value,
              index >= 0, index < context.attachments.count
        else {
            let found = object.member(named: "num").map { String(decoding: $0.rawBytes, as: UTF8.self) } ?? "nothing"
            throw corrupted(
                "Attachment placeholder num \(found) is not an index into the \(context.attachments.count) attachment(s)."
            )
        }
        return Int(index)
    }

}
