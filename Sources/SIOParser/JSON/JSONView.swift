/// A value inside a `JSONDocument`, decoded only when asked: reading one element never touches its siblings.
public struct JSONView<Bytes>: Sendable
where Bytes: RandomAccessCollection<UInt8> & Sendable, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    /// The document this view reads from.
    public let document: JSONDocument<Bytes>
    let index: Int

    init(document: JSONDocument<Bytes>, index: Int) {
        self.document = document
        self.index = index
    }

    var node: JSONNode { document.tape[index] }

    /// The value's type.
    public var kind: JSONKind { JSONKind(rawValue: node.kind) ?? .null }

    /// The exact text of this value in the document (a slice; no copy).
    public var rawBytes: Bytes {
        let node = node
        let base = document.bytes.startIndex
        return document.bytes[(base + Int(node.start))..<(base + Int(node.end))]
    }

    /// `true`/`false` for a boolean, otherwise `nil`.
    public var boolValue: Bool? {
        let node = node
        guard node.kind == JSONKind.bool.rawValue else { return nil }
        return document.bytes[document.bytes.startIndex + Int(node.start)] == 0x74
    }

    /// Whether this is `null`.
    public var isNull: Bool { node.kind == JSONKind.null.rawValue }

    /// Whether this is a number written without fraction or exponent (`1`, `-0`, `123456789012345678901234`).
    public var isInteger: Bool {
        let node = node
        return node.kind == JSONKind.number.rawValue && node.flags & JSONNode.integer != 0
    }

    /// The number of elements of an array or members of an object; 0 for anything else.
    public var count: Int {
        let node = node
        return node.kind >= JSONKind.array.rawValue ? Int(node.count) : 0
    }

    /// The array element at `index`, or `nil` when out of range or not an array. Walks `index` siblings.
    public subscript(index: Int) -> JSONView? {
        let node = node
        guard node.kind == JSONKind.array.rawValue, index >= 0, index < Int(node.count) else { return nil }
        var t = self.index + 1
        for _ in 0..<index { t = Int(document.tape[t].next) }
        return JSONView(document: document, index: t)
    }

    /// The value of the object member named `key` (the last one when the key repeats, as `JSON.parse` does), or
    /// `nil` when absent or not an object.
    public subscript(key: String) -> JSONView? {
        let node = node
        guard node.kind == JSONKind.object.rawValue else { return nil }
        var found: JSONView?
        var t = index + 1
        for _ in 0..<Int(node.count) {
            let keyView = JSONView(document: document, index: t)
            let valueIndex = t + 1
            if keyView.stringEquals(key) { found = JSONView(document: document, index: valueIndex) }
            t = Int(document.tape[valueIndex].next)
        }
        return found
    }

    /// The elements of an array (empty for anything else), in order, decoded lazily.
    public var elements: JSONElements<Bytes> {
        let node = node
        let count = node.kind == JSONKind.array.rawValue ? Int(node.count) : 0
        return JSONElements(document: document, first: index + 1, count: count)
    }

    /// The members of an object (empty for anything else), in document order, duplicates included.
    public var members: JSONMembers<Bytes> {
        let node = node
        let count = node.kind == JSONKind.object.rawValue ? Int(node.count) : 0
        return JSONMembers(document: document, first: index + 1, count: count)
    }
}

/// The elements of a JSON array, as views.
public struct JSONElements<Bytes>: Sequence, Sendable
where Bytes: RandomAccessCollection<UInt8> & Sendable, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    let document: JSONDocument<Bytes>
    let first: Int
    /// The number of elements.
    public let count: Int

    /// Iterates sibling to sibling through the index's skip links.
    public struct Iterator: IteratorProtocol {
        let document: JSONDocument<Bytes>
        var position: Int
        var remaining: Int

        /// The next element, or `nil` at the end.
        public mutating func next() -> JSONView<Bytes>? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let view = JSONView(document: document, index: position)
            position = Int(document.tape[position].next)
            return view
        }
    }

    /// An iterator over the elements.
    public func makeIterator() -> Iterator { Iterator(document: document, position: first, remaining: count) }
    /// The number of elements.
    public var underestimatedCount: Int { count }
}

/// The members of a JSON object, as (key, value) views in document order.
public struct JSONMembers<Bytes>: Sequence, Sendable
where Bytes: RandomAccessCollection<UInt8> & Sendable, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    let document: JSONDocument<Bytes>
    let first: Int
    /// The number of members.
    public let count: Int

    /// Iterates member to member through the index's skip links.
    public struct Iterator: IteratorProtocol {
        let document: JSONDocument<Bytes>
        var position: Int
        var remaining: Int

        /// The next member, or `nil` at the end.
        public mutating func next() -> (key: JSONView<Bytes>, value: JSONView<Bytes>)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let key = JSONView(document: document, index: position)
            let value = JSONView(document: document, index: position + 1)
            position = Int(document.tape[position + 1].next)
            return (key, value)
        }
    }

    /// An iterator over the members.
    public func makeIterator() -> Iterator { Iterator(document: document, position: first, remaining: count) }
    /// The number of members.
    public var underestimatedCount: Int { count }
}
