/// A JSON object: string keys in insertion order, each key once.
///
/// Assigning to an existing key replaces its value in place, which is what `JSON.parse` does with a repeated key
/// (the last value wins, at the first key's position). JavaScript itself lists integer-like keys (`"1"`, `"42"`)
/// first, in ascending order, before the other keys; this type keeps pure insertion order for every key, so
/// `{"b":1,"1":2}` serializes back as written, where `JSON.stringify(JSON.parse(...))` would write `{"1":2,"b":1}`.
///
/// Equality and hashing ignore order (two objects are equal when they have the same keys with equal values).
public struct JSONObject: Sendable {
    /// The keys, in order.
    public private(set) var keys: [String]
    /// The values, in the same order as `keys`.
    public private(set) var values: [JSONValue]
    /// Key → position, built only for larger objects so that small ones stay two arrays.
    private var index: [String: Int]?

    /// Objects up to this size are searched linearly.
    private static let indexThreshold = 12

    /// An empty object.
    public init() {
        keys = []
        values = []
        index = nil
    }

    /// An object from pairs in order; a repeated key keeps its first position and its last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }

    private init(keys: [String], values: [JSONValue], index: [String: Int]?) {
        self.keys = keys
        self.values = values
        self.index = index
    }

    /// An object from parallel arrays in document order, resolving repeated keys as `JSON.parse` does; cheaper
    /// than inserting one by one when (as almost always) the keys are distinct.
    init(parsedKeys: [String], values: [JSONValue]) {
        let n = parsedKeys.count
        if n <= Self.indexThreshold {
            var distinct = true
            outer: for i in 0..<n {
                for j in (i + 1)..<n where parsedKeys[i] == parsedKeys[j] {
                    distinct = false
                    break outer
                }
            }
            if distinct {
                self.init(keys: parsedKeys, values: values, index: nil)
                return
            }
        } else {
            var built: [String: Int] = [:]
            built.reserveCapacity(n)
            var distinct = true
            for (p, key) in parsedKeys.enumerated() where built.updateValue(p, forKey: key) != nil {
                distinct = false
                break
            }
            if distinct {
                self.init(keys: parsedKeys, values: values, index: built)
                return
            }
        }
        self.init(zip(parsedKeys, values))
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// Whether there are no members.
    public var isEmpty: Bool { keys.isEmpty }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }

    /// The value for `key`; assigning `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let p = position(of: key) else { return nil }
            return values[p]
        }
        set {
            if let p = position(of: key) {
                if let newValue {
                    values[p] = newValue
                } else {
                    keys.remove(at: p)
                    values.remove(at: p)
                    if index != nil { rebuildIndex() }
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
                if index != nil {
                    index?[key] = keys.count - 1
                } else if keys.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    private mutating func rebuildIndex() {
        guard keys.count > Self.indexThreshold else {
            index = nil
            return
        }
        var built: [String: Int] = [:]
        built.reserveCapacity(keys.count)
        for (p, key) in keys.enumerated() { built[key] = p }
        index = built
    }
}

extension JSONObject: Sequence {
    /// Iterates `(key, value)` in order.
    public struct Iterator: IteratorProtocol {
        private let object: JSONObject
        private var position = 0

        init(_ object: JSONObject) { self.object = object }

        /// The next member, or `nil`.
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard position < object.keys.count else { return nil }
            defer { position += 1 }
            return (object.keys[position], object.values[position])
        }
    }

    /// An iterator over the members in order.
    public func makeIterator() -> Iterator { Iterator(self) }
    /// The number of members.
    public var underestimatedCount: Int { keys.count }
}

extension JSONObject: Hashable {
    /// Same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.keys.count == rhs.keys.count else { return false }
        if lhs.keys == rhs.keys { return lhs.values == rhs.values }
        for (p, key) in lhs.keys.enumerated() {
            guard let value = rhs[key], value == lhs.values[p] else { return false }
        }
        return true
    }

    /// Hashes the members independently of their order.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (p, key) in keys.enumerated() {
            var member = Hasher()
            member.combine(key)
            member.combine(values[p])
            combined = combined &+ member.finalize()
        }
        hasher.combine(keys.count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object whose members keep the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}
