/// A value inside a `JSONDocument`, decoded only when asked: reading one element never touches its siblings.
public struct JSONView<Bytes>: Sendable
where Bytes: RandomAccessCollection<UInt8> & Sendable, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    /// The document this view reads from.
    public let document: JSONDocument<Bytes>
    @usableFromInline let index: Int

    @usableFromInline
    init(document: JSONDocument<Bytes>, index: Int) {
        self.document = document
        self.index = index
    }

    @inlinable
    var node: JSONNode { document.tape[index] }

    /// The value's type.
    @inlinable
    public var kind: JSONKind { JSONKind(rawValue: node.kind) ?? .null }

    /// The exact text of this value in the document (a slice; no copy).
    @inlinable
    public var rawBytes: Bytes {
        let node = node
        let base = document.bytes.startIndex
        return document.bytes[(base + Int(node.start))..<(base + Int(node.end))]
    }

    /// `true`/`false` for a boolean, otherwise `nil`.
    @inlinable
    public var boolValue: Bool? {
        let node = node
        guard node.kind == JSONKind.bool.rawValue else { return nil }
        return document.bytes[document.bytes.startIndex + Int(node.start)] == 0x74
    }

    /// Whether this is `null`.
    @inlinable
    public var isNull: Bool { node.kind == JSONKind.null.rawValue }

    /// Whether this is a number written without fraction or exponent (`1`, `-0`, `123456789012345678901234`).
    @inlinable
    public var isInteger: Bool {
        let node = node
        return node.kind == JSONKind.number.rawValue && node.flags & JSONNode.integer != 0
    }

    /// The number of elements of an array or members of an object; 0 for anything else.
    @inlinable
    public var count: Int {
        let node = node
        return node.kind >= JSONKind.array.rawValue ? Int(node.count) : 0
    }

    /// The array element at `index`, or `nil` when out of range or not an array. Walks `index` siblings.
    @inlinable
    public subscript(index: Int) -> JSONView? {
        let node = node
        guard node.kind == JSONKind.array.rawValue, index >= 0, index < Int(node.count) else { return nil }
        var t = self.index + 1
        for _ in 0..<index { t = Int(document.tape[t].next) }
        return JSONView(document: document, index: t)
    }

    /// The value of the object member named `key` (the last one when the key repeats, as `JSON.parse` does), or
    /// `nil` when absent or not an object.
    @inlinable
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
    @inlinable
    public var elements: JSONElements<Bytes> {
        let node = node
        let count = node.kind == JSONKind.array.rawValue ? Int(node.count) : 0
        return JSONElements(document: document, first: index + 1, count: count)
    }

    /// The members of an object (empty for anything else), in document order, duplicates included.
    @inlinable
    public var members: JSONMembers<Bytes> {
        let node = node
        let count = node.kind == JSONKind.object.rawValue ? Int(node.count) : 0
        return JSONMembers(document: document, first: index + 1, count: count)
    }
}

/// The elements of a JSON array, as views.
public struct JSONElements<Bytes>: Sequence, Sendable
where Bytes: RandomAccessCollection<UInt8> & Sendable, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    @usableFromInline let document: JSONDocument<Bytes>
    @usableFromInline let first: Int
    /// The number of elements.
    public let count: Int

    @usableFromInline
    init(document: JSONDocument<Bytes>, first: Int, count: Int) {
        self.document = document
        self.first = first
        self.count = count
    }

    /// Iterates sibling to sibling through the index's skip links.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let document: JSONDocument<Bytes>
        @usableFromInline var position: Int
        @usableFromInline var remaining: Int

        @usableFromInline
        init(document: JSONDocument<Bytes>, position: Int, remaining: Int) {
            self.document = document
            self.position = position
            self.remaining = remaining
        }

        /// The next element, or `nil` at the end.
        @inlinable
        public mutating func next() -> JSONView<Bytes>? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let view = JSONView(document: document, index: position)
            position = Int(document.tape[position].next)
            return view
        }
    }

    /// An iterator over the elements.
    @inlinable
    public func makeIterator() -> Iterator { Iterator(document: document, position: first, remaining: count) }
    /// The number of elements.
    @inlinable
    public var underestimatedCount: Int { count }
}

/// The members of a JSON object, as (key, value) views in document order.
public struct JSONMembers<Bytes>: Sequence, Sendable
where Bytes: RandomAccessCollection<UInt8> & Sendable, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    @usableFromInline let document: JSONDocument<Bytes>
    @usableFromInline let first: Int
    /// The number of members.
    public let count: Int

    @usableFromInline
    init(document: JSONDocument<Bytes>, first: Int, count: Int) {
        self.document = document
        self.first = first
        self.count = count
    }

    /// Iterates member to member through the index's skip links.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let document: JSONDocument<Bytes>
        @usableFromInline var position: Int
        @usableFromInline var remaining: Int

        @usableFromInline
        init(document: JSONDocument<Bytes>, position: Int, remaining: Int) {
            self.document = document
            self.position = position
            self.remaining = remaining
        }

        /// The next member, or `nil` at the end.
        @inlinable
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
    @inlinable
    public func makeIterator() -> Iterator { Iterator(document: document, position: first, remaining: count) }
    /// The number of members.
    @inlinable
    public var underestimatedCount: Int { count }
}
