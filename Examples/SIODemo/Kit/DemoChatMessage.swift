/// `chat` from a client: a line of text for the sender's room.
public struct DemoChatRequest: Codable, Sendable, Equatable {
    /// The most characters a line may have after trimming.
    public static let maxCharacters = 500

    /// The text as sent.
    public var text: String

    /// A request.
    public init(text: String) { self.text = text }

    /// The text without surrounding whitespace, or nil when that is empty or longer than `maxCharacters`.
    public var validText: String? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= Self.maxCharacters else { return nil }
        return trimmed
    }
}

/// `chat` to a room (and the ack to its sender).
public struct DemoChatMessage: Codable, Sendable, Equatable {
    /// The sender's socket id.
    public var id: String
    /// The sender's user id.
    public var userId: String
    /// The trimmed text.
    public var text: String
    /// Milliseconds since 1970 when the server relayed it.
    public var timestamp: Int64

    /// A message.
    public init(id: String, userId: String, text: String, timestamp: Int64) {
        self.id = id
        self.userId = userId
        self.text = text
        self.timestamp = timestamp
    }
}

extension String {
    /// Without leading and trailing whitespace and newlines (Unicode's definition, as JavaScript's `trim`).
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0.isNewline }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
