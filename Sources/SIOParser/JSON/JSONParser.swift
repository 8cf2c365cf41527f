/// The validating scanner: one pass over contiguous bytes, iterative, building the tape.
///
/// Non-generic so that it is compiled once; `JSONDocument` reaches it through `withContiguousStorageIfAvailable`.
@usableFromInline
struct JSONParser {
    private enum State {
        /// A value must start here.
        case value
        /// An object member's key must start here (after `{` that was not closed at once, or after `,`).
        case key
        /// A value just ended: `,`, a closing bracket, or (at top level) the end of input follows.
        case afterValue
    }

    /// Marks "no parent" in an open container's `next` field.
    private static let noParent = UInt32.max

    private static let quote: UInt8 = 0x22
    private static let backslash: UInt8 = 0x5C

    /// Validates `buffer` as exactly one JSON value and returns its tape.
    @usableFromInline
    static func parse(_ buffer: UnsafeRawBufferPointer, options: JSONOptions) throws(JSONError) -> [JSONNode] {
        let n = buffer.count
        let cap = min(options.maxLength ?? Int(UInt32.max - 1), Int(UInt32.max - 1))
        if n > cap {
            throw JSONError(.documentTooLong, offset: cap, detail: "document of \(n) bytes exceeds the limit of \(cap)")
        }
        guard n > 0, let raw = buffer.baseAddress else {
            throw JSONError(.unexpectedEnd, offset: 0, detail: "empty document")
        }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        var tape: [JSONNode] = []
        tape.reserveCapacity(min(n / 6 + 4, 1 << 16))
        // The stack of open containers lives in the tape itself: while a container is open its `next` field holds
        // its parent's tape index, so parsing needs no allocation besides the tape.
        var open = -1
        var openIsObject = false
        var depth = 0
        var i = 0
        var state = State.value

        @inline(__always) func skipWhitespace(_ i: inout Int) {
            while i < n {
                let b = p[i]
                guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
                i += 1
            }
        }

        skipWhitespace(&i)
        while true {
            switch state {
            case .value:
                guard i < n else { throw JSONError(.unexpectedEnd, offset: i, detail: "expected a value") }
                if open >= 0 && !openIsObject { tape[open].count += 1 }
                let b = p[i]
                switch b {
                case 0x7B, 0x5B:  // { [
                    let isObject = b == 0x7B
                    if depth >= options.maxDepth {
                        throw JSONError(.depthLimitExceeded, offset: i,
                                        detail: "nesting deeper than maxDepth \(options.maxDepth)")
                    }
                    let kind = isObject ? JSONKind.object : JSONKind.array
                    tape.append(JSONNode(start: UInt32(i), end: 0, next: 0, count: 0, kind: kind.rawValue, flags: 0))
                    i += 1
                    skipWhitespace(&i)
                    if i < n && p[i] == (isObject ? 0x7D : 0x5D) {
                        let t = tape.count - 1
                        i += 1
                        tape[t].end = UInt32(i)
                        tape[t].next = UInt32(tape.count)
                        state = .afterValue
                    } else {
                        tape[tape.count - 1].next = open < 0 ? Self.noParent : UInt32(open)
                        open = tape.count - 1
                        openIsObject = isObject
                        depth += 1
                        state = isObject ? .key : .value
                    }
                    continue
                case quote:
                    let start = i
                    let flags = try scanString(p, n, &i)
                    tape.append(JSONNode(start: UInt32(start), end: UInt32(i), next: UInt32(tape.count + 1),
                                         count: 0, kind: JSONKind.string.rawValue, flags: flags))
                case 0x74:  // t
                    try literal(p, n, &i, 0x74_72_75_65, 4, "true")
                    tape.append(scalar(.bool, i - 4, i, tape.count))
                case 0x66:  // f
                    try literal(p, n, &i, 0x66_61_6C_73_65, 5, "false")
                    tape.append(scalar(.bool, i - 5, i, tape.count))
                case 0x6E:  // n
                    try literal(p, n, &i, 0x6E_75_6C_6C, 4, "null")
                    tape.append(scalar(.null, i - 4, i, tape.count))
                case 0x2D, 0x30...0x39:
                    let start = i
                    let integer = try scanNumber(p, n, &i)
                    var node = scalar(.number, start, i, tape.count)
                    node.flags = integer ? JSONNode.integer : 0
                    tape.append(node)
                default:
                    throw JSONError(.unexpectedCharacter, offset: i, detail: "\(describe(b)) cannot start a value")
                }
                state = .afterValue

            case .key:
                skipWhitespace(&i)
                guard i < n else { throw JSONError(.unexpectedEnd, offset: i, detail: "expected an object key") }
                guard p[i] == quote else {
                    throw JSONError(.unexpectedCharacter, offset: i,
                                    detail: "expected a string key, found \(describe(p[i]))")
                }
                let start = i
                let flags = try scanString(p, n, &i)
                tape.append(JSONNode(start: UInt32(start), end: UInt32(i), next: UInt32(tape.count + 1),
                                     count: 0, kind: JSONKind.string.rawValue, flags: flags))
                tape[open].count += 1
                skipWhitespace(&i)
                guard i < n else { throw JSONError(.unexpectedEnd, offset: i, detail: "expected ':' after key") }
                guard p[i] == 0x3A else {
                    throw JSONError(.unexpectedCharacter, offset: i, detail: "expected ':', found \(describe(p[i]))")
                }
                i += 1
                skipWhitespace(&i)
                state = .value

            case .afterValue:
                skipWhitespace(&i)
                guard open >= 0 else {
                    if i != n {
                        throw JSONError(.trailingCharacters, offset: i,
                                        detail: "\(describe(p[i])) after the top-level value")
                    }
                    return tape
                }
                guard i < n else {
                    throw JSONError(.unexpectedEnd, offset: i,
                                    detail: openIsObject ? "expected ',' or '}'" : "expected ',' or ']'")
                }
                let b = p[i]
                if b == 0x2C {
                    i += 1
                    skipWhitespace(&i)
                    state = openIsObject ? .key : .value
                } else if b == (openIsObject ? 0x7D : 0x5D) {
                    i += 1
                    let parent = tape[open].next
                    tape[open].end = UInt32(i)
                    tape[open].next = UInt32(tape.count)
                    depth -= 1
                    if parent == Self.noParent {
                        open = -1
                    } else {
                        open = Int(parent)
                        openIsObject = tape[open].kind == JSONKind.object.rawValue
                    }
                } else {
                    throw JSONError(.unexpectedCharacter, offset: i,
                                    detail: "expected ',' or '\(openIsObject ? "}" : "]")', found \(describe(b))")
                }
            }
        }
    }

    @inline(__always)
    private static func scalar(_ kind: JSONKind, _ start: Int, _ end: Int, _ index: Int) -> JSONNode {
        JSONNode(start: UInt32(start), end: UInt32(end), next: UInt32(index + 1), count: 0, kind: kind.rawValue,
                 flags: 0)
    }

    /// Matches `length` bytes at `i` against `expected` (the word's bytes packed big-endian).
    @inline(__always)
    private static func literal(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int, _ expected: UInt64, _ length: Int, _ word: String
    ) throws(JSONError) {
        guard i + length <= n else { throw badLiteral(p, n, i, word) }
        var got: UInt64 = 0
        for k in 0..<length { got = got << 8 | UInt64(p[i + k]) }
        guard got == expected else { throw badLiteral(p, n, i, word) }
        i += length
    }

    private static func badLiteral(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, _ word: String) -> JSONError {
        var k = 0
        for expected in word.utf8 {
            guard i + k < n else {
                return JSONError(.unexpectedEnd, offset: i + k, detail: "document ends inside '\(word)'")
            }
            if p[i + k] != expected { break }
            k += 1
        }
        return JSONError(.unexpectedCharacter, offset: i + k, detail: "expected '\(word)'")
    }

    static func describe(_ b: UInt8) -> String {
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        let hex = String(b, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
