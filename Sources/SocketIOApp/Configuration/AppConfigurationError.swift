/// A configuration that cannot start: unreadable, malformed, or naming something not registered. One line, fit
/// for a startup log.
public struct AppConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case unreadableFile, malformedJSON, unknownKey, wrongType, invalidValue
        case unknownMiddleware, unknownIDGenerator, unknownAdapter, unknownSessionStore, duplicateRoute
    }

    private let code: Code
    /// Where in the configuration: a coding path such as `namespaces./chat.packetMiddleware[1]`, or a file path.
    public var path: String
    /// What is wrong.
    public var detail: String

    private init(_ code: Code, path: String = "", detail: String = "") {
        self.code = code
        self.path = path
        self.detail = detail
    }

    /// The file could not be read.
    public static let unreadableFile = AppConfigurationError(.unreadableFile)
    /// The file is not valid JSON.
    public static let malformedJSON = AppConfigurationError(.malformedJSON)
    /// A key the configuration does not know (a typo would otherwise pass silently).
    public static let unknownKey = AppConfigurationError(.unknownKey)
    /// A value of the wrong JSON type.
    public static let wrongType = AppConfigurationError(.wrongType)
    /// A value out of range or not allowed.
    public static let invalidValue = AppConfigurationError(.invalidValue)
    /// A middleware name no middleware was registered under.
    public static let unknownMiddleware = AppConfigurationError(.unknownMiddleware)
    /// An id generator name nothing was registered under.
    public static let unknownIDGenerator = AppConfigurationError(.unknownIDGenerator)
    /// An adapter type this build does not provide.
    public static let unknownAdapter = AppConfigurationError(.unknownAdapter)
    /// A session store name nothing was registered under.
    public static let unknownSessionStore = AppConfigurationError(.unknownSessionStore)
    /// Two routes for one event of one namespace.
    public static let duplicateRoute = AppConfigurationError(.duplicateRoute)

    /// The same error at `path` with `detail`.
    public func with(path: String, detail: String) -> AppConfigurationError {
        AppConfigurationError(code, path: path, detail: detail)
    }

    /// Errors compare by kind, so `catch let e where e ~= .unknownKey` style checks read well.
    public static func == (lhs: AppConfigurationError, rhs: AppConfigurationError) -> Bool { lhs.code == rhs.code }

    /// A one-line message.
    public var description: String {
        let what: String
        switch code {
        case .unreadableFile: what = "cannot read the configuration file"
        case .malformedJSON: what = "the configuration is not valid JSON"
        case .unknownKey: what = "unknown configuration key"
        case .wrongType: what = "wrong type in the configuration"
        case .invalidValue: what = "invalid configuration value"
        case .unknownMiddleware: what = "no middleware is registered under this name"
        case .unknownIDGenerator: what = "no id generator is registered under this name"
        case .unknownAdapter: what = "unknown adapter type"
        case .unknownSessionStore: what = "no session store is registered under this name"
        case .duplicateRoute: what = "an event is routed twice"
        }
        let location = path.isEmpty ? "" : " at \(path)"
        return detail.isEmpty ? "\(what)\(location)" : "\(what)\(location): \(detail)"
    }
}
