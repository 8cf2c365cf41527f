/// A fully materialised JSON value, as a handler or an encoder holds it.
///
/// Numbers keep how they were written: `1` is `.int(1)`, `1.0` and `1e2` are `.double`; integers outside `Int64`
/// become `.double` (nearest value). `.binary` is not JSON: it is a Socket.IO attachment, which the Socket.IO
/// encoder replaces by a `{"_placeholder":true,"num":N}` object (see `serialize(into:placeholder:)`).
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written as an integer that fits `Int64`.
    case int(Int64)
    /// Any other number.
    case double(Double)
    /// A string (unpaired surrogate escapes became U+FFFD; see `JSONView.utf16Units`).
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, in insertion order.
    case object(JSONObject)
    /// Binary data carried as a Socket.IO attachment.
    case binary([UInt8])
}

extension JSONValue {
    /// The kind of JSON this value serializes to (`.binary` reports `.object`: it becomes a placeholder object).
    public var kind: JSONKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int, .double: .number
        case .string: .string
        case .array: .array
        case .object, .binary: .object
        }
    }

    /// The element at `index` of an array, or `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, index >= 0, index < elements.count else { return nil }
        return elements[index]
    }

    /// The member `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The string, or `nil`.
    public var stringValue: String? {
        guard case .string(let s) = self else { return nil }
        return s
    }

    /// The integer (also a `.double` that is exactly an integer in range), or `nil`.
    public var int64Value: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d >= -9.223372036854775808e18, d < 9.223372036854775808e18, d.rounded(.towardZero) == d else {
                return nil
            }
            return Int64(d)
        case .null, .bool, .string, .array, .object, .binary: return nil
        }
    }

    /// The number as a `Double`, or `nil`.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        case .null, .bool, .string, .array, .object, .binary: nil
        }
    }

    /// The boolean, or `nil`.
    public var boolValue: Bool? {
        guard case .bool(let b) = self else { return nil }
        return b
    }

    /// Whether this value or anything inside it is `.binary` (iterative: safe at any depth).
    public var containsBinary: Bool {
        var pending: [JSONValue] = [self]
        while let value = pending.popLast() {
            switch value {
            case .binary: return true
            case .array(let elements): pending.append(contentsOf: elements)
            case .object(let object): pending.append(contentsOf: object.values)
            case .null, .bool, .int, .double, .string: break
            }
        }
        return false
    }
}

extension JSONValue {
    /// Parses `text` as one JSON document and materialises it (see `JSONView.decodedValue()`).
    public init(parsing text: String, options: JSONOptions = .init()) throws(JSONError) {
        self = try JSONDocument(parsing: Array(text.utf8)[...], options: options).root.decodedValue()
    }

    /// Parses `bytes` as one JSON document and materialises it (see `JSONView.decodedValue()`).
    public init(parsing bytes: [UInt8], options: JSONOptions = .init()) throws(JSONError) {
        self = try JSONDocument(parsing: bytes[...], options: options).root.decodedValue()
    }
}
