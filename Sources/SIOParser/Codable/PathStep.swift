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
