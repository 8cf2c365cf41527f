/// One element of a `Sec-WebSocket-Extensions` list: an extension name and its parameters, in header order.
public struct WSExtensionOffer: Hashable, Sendable {
    /// One `name[=value]` parameter; `value` is nil for a bare name, and is already unquoted.
    public struct Parameter: Hashable, Sendable {
        /// The parameter name (a token).
        public var name: String
        /// The value (a token after unquoting), or nil when the parameter has none.
        public var value: String?

        /// A parameter with an optional value.
        public init(_ name: String, _ value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    /// The extension token, e.g. `permessage-deflate`.
    public var name: String
    /// The parameters in the order they appeared.
    public var parameters: [Parameter]

    /// An extension element with parameters.
    public init(name: String, parameters: [Parameter] = []) {
        self.name = name
        self.parameters = parameters
    }

    /// This element as header text: `name; p1; p2=v`. Values are tokens, so they never need quoting.
    public var headerValue: String {
        var text = name
        for parameter in parameters {
            text += "; " + parameter.name
            if let value = parameter.value { text += "=" + value }
        }
        return text
    }
}
