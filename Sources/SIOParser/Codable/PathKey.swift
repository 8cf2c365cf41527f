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
