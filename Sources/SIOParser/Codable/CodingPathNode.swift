/// A coding path kept as a linked list, so that descending one level costs one small allocation instead of copying
/// the whole `[any CodingKey]` array; the array is only built when someone asks for it (usually to report an error).
indirect enum CodingPathNode {
    case root
    case key(any CodingKey, CodingPathNode)
    case index(Int, CodingPathNode)

    /// The path from the root, outermost key first.
    var keys: [any CodingKey] {
        var reversed: [any CodingKey] = []
        var node = self
        while true {
            switch node {
            case .root:
                return reversed.reversed()
            case .key(let key, let parent):
                reversed.append(key)
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

/// The last step of a path, held inline until a node is really needed: a value read through a keyed or unkeyed
/// container costs no allocation unless it opens a container of its own (or reports an error).
enum PathStep {
    case none
    case key(any CodingKey)
    case index(Int)

    /// The node for `parent` followed by this step.
    func node(after parent: CodingPathNode) -> CodingPathNode {
        switch self {
        case .none: parent
        case .key(let key): .key(key, parent)
        case .index(let index): .index(index, parent)
        }
    }
}

/// A coding key that only records a step of a path: a member name, or an array index.
struct PathKey: CodingKey, Sendable {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    init(index: Int) {
        self.init(intValue: index)
    }

    /// The key `superDecoder()` / `superEncoder()` use, as JSONDecoder and JSONEncoder do.
    static let `super` = PathKey(stringValue: "super")
}
