public import SIOParser

/// An error meant for the client: a handler or middleware throws it and the client's acknowledgement gets
/// `{"error": message, "data": data}`. Any other error reaches the client only as `"internal error"`.
public struct AppEventError: Error, Sendable, CustomStringConvertible {
    /// What the client is told.
    public var message: String
    /// Extra data for the client, if any.
    public var data: JSONValue?

    /// An error with a message and optional data.
    public init(_ message: String, data: JSONValue? = nil) {
        self.message = message
        self.data = data
    }

    /// The message.
    public var description: String { message }
}
