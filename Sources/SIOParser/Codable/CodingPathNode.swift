/// A coding path kept as a linked list, so that descending one level costs one small allocation instead of copying
/// the whole `[any CodingKey]` array; the array is only built when someone asks for it (usually to report an error).
indirect enum CodingPathNode: Sendable {
    case root
    case key(String, Int?, CodingPathNode)
    case index(Int, CodingPathNode)

    /// The node one level below this one, reached through `key`.
    func appending(_ key: some CodingKey) -> CodingPathNode {
        .key(key.stringValue, key.intValue, self)
    }

    /// The node one level below this one, reached through an array index.
    func appending(index: Int) -> CodingPathNode {
        .index(index, self)
    }

    /// The path from the root, outermost key first.
    var keys: [any CodingKey] {
        var reversed: [any CodingKey] = []
        var node = self
        while true {
            switch node {
            case .root:
                return reversed.reversed()
            case .key(let string, let int, let parent):
                reversed.append(PathKey(stringValue: string, intValue: int))
                node = parent
            case .index(let index, let parent):
                reversed.append(PathKey(index: index))
                node = parent
            }
        }
    }

    /// The path with `key` appended, as an array (for error contexts).
    func keys(appending key: some CodingKey) -> [any CodingKey] {
        keys + [key]
    }
}

/// A coding key that only records a step of a path: a member name, or an array index.
struct PathKey: CodingKey, Sendable {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String, intValue: Int?) {
        self.stringValue = stringValue
        self.intValue = intValue
    }

    init(stringValue: String) {
        self.init(stringValue: stringValue, intValue: nil)
    }

    init(intValue: Int) {
        self.init(stringValue: "Index \(intValue)", intValue: intValue)
    }

    init(index: Int) {
        self.init(intValue: index)
    }

    /// The key `superDecoder()` / `superEncoder()` use, as JSONDecoder and JSONEncoder do.
    static let `super` = PathKey(stringValue: "super")
}
