extension JSONValue {
    /// Equality as JavaScript sees the values after `JSON.parse`: numbers compare by value, so `.int(1)` equals
    /// `.double(1.0)` (both are the Number 1, and `1.0` serializes as `1`); objects compare without regard to order.
    /// `.int(x)` equals `.double(d)` only when `d` is exactly `x`. NaN is not equal to itself.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Int64(exactly: b) == a
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        case (.binary(let a), .binary(let b)): return a == b
        case (.null, _), (.bool, _), (.int, _), (.double, _), (.string, _), (.array, _), (.object, _), (.binary, _):
            return false
        }
    }

    /// Hashes consistently with `==`: a number that is exactly an `Int64` hashes as that integer.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .int(let i): hasher.combine(2); hasher.combine(i)
        case .double(let d):
            if let i = Int64(exactly: d) {
                hasher.combine(2); hasher.combine(i)
            } else {
                hasher.combine(3); hasher.combine(d)
            }
        case .string(let s): hasher.combine(4); hasher.combine(s)
        case .array(let a): hasher.combine(5); hasher.combine(a)
        case .object(let o): hasher.combine(6); hasher.combine(o)
        case .binary(let b): hasher.combine(7); hasher.combine(b)
        }
    }
}
