/// An object's members read once into an array, for a keyed container's repeated lookups.
///
/// Walking the document for every key would revisit (and retain) every member per lookup; the table is built in
/// one pass, which also notices a Socket.IO placeholder. Lookups scan from the end so that, when a name repeats,
/// the last member wins, as `JSON.parse` keeps it (and it is found first).
struct MemberTable {
    private let members: [(key: JSONView<RawBytes>, value: JSONView<RawBytes>)]
    /// Whether the object has `"_placeholder": true`: binary data, never a keyed container.
    let isPlaceholder: Bool

    init(_ object: JSONView<RawBytes>) {
        var members: [(key: JSONView<RawBytes>, value: JSONView<RawBytes>)] = []
        members.reserveCapacity(object.count)
        var placeholder = false
        for member in object.members {
            if member.value.kind == .bool, member.key.stringEquals("_placeholder") {
                placeholder = member.value.boolValue == true
            }
            members.append(member)
        }
        self.members = members
        self.isPlaceholder = placeholder
    }

    /// The value of the last member named `name`, compared without allocating.
    func value(named name: String) -> JSONView<RawBytes>? {
        var position = members.count
        while position > 0 {
            position -= 1
            if members[position].key.stringEquals(name) { return members[position].value }
        }
        return nil
    }

    /// The member names in document order (duplicates included), as strings.
    var names: [String] {
        members.compactMap { $0.key.stringValue }
    }
}
