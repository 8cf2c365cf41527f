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
