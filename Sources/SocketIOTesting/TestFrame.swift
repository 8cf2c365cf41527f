/// A WebSocket message the server sent to a test connection (the Engine.IO packet as written on the wire).
public enum TestFrame: Hashable, Sendable, CustomStringConvertible {
    /// A text message, e.g. `0{"sid":...}`, `40{"sid":...}`, `42["event",1]`.
    case text(String)
    /// A binary message (an attachment).
    case binary([UInt8])

    /// The text, or `nil` for a binary message.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The message as a test failure would show it.
    public var description: String {
        switch self {
        case .text(let text): text
        case .binary(let bytes): "<binary \(bytes)>"
        }
    }
}

/// A test connection did not get what it waited for.
public struct TestConnectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was awaited and what happened.
    public let description: String

    init(_ description: String) { self.description = description }
}
