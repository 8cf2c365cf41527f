// The few lookups the Codable bridge needs from a JSON view, written once over `members` / `elements` so the
// containers do not depend on the exact spelling of JSONView's subscripts.

extension JSONView {
    /// The value of the member named `name` (the last one if the name repeats, as `JSON.parse` keeps), compared
    /// against the JSON bytes without allocating; `nil` if absent or not an object.
    func member(named name: String) -> JSONView? {
        var found: JSONView?
        for member in members where member.key.stringEquals(name) {
            found = member.value
        }
        return found
    }

    /// The element at `position` of an array, or `nil` if out of range or not an array.
    func element(at position: Int) -> JSONView? {
        guard position >= 0, position < count else { return nil }
        var iterator = elements.makeIterator()
        for _ in 0..<position {
            _ = iterator.next()
        }
        return iterator.next()
    }
}
