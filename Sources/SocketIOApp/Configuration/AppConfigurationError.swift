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
    /// The byte offset in the JSON text where it went wrong (malformed JSON), if known.
    public var offset: Int?
    /// The configuration file, when the configuration came from one.
    public var file: String?

    private init(_ code: Code, path: String = "", detail: String = "", offset: Int? = nil, file: String? = nil) {
        self.code = code
        self.path = path
        self.detail = detail
        self.offset = offset
        self.file = file
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
        AppConfigurationError(code, path: path, detail: detail, offset: offset, file: file)
    }

    /// The same error at `path` with `detail`, found at byte `offset` of the JSON text.
    public func with(path: String, detail: String, offset: Int?) -> AppConfigurationError {
        AppConfigurationError(code, path: path, detail: detail, offset: offset, file: file)
    }

    /// The same error, located in the configuration file `file`.
    public func `in`(file: String) -> AppConfigurationError {
        AppConfigurationError(code, path: path, detail: detail, offset: offset, file: file)
    }

    /// The error for a failure of `Decodable` decoding: an `AppConfigurationError` thrown by a configuration type
    /// stays as it is; a `DecodingError` becomes `wrongType` at its coding path (a number that does not fit the
    /// property's type, such as `1.5` for an integer, is a wrong type too). Use it after decoding a configuration with another decoder (Foundation's `JSONDecoder`, ...).
    public init(decoding error: any Error) {
        if let error = error as? AppConfigurationError {
            self = error
            return
        }
        guard let error = error as? DecodingError else {
            self.init(.wrongType, detail: "\(error)")
            return
        }
        switch error {
        case .typeMismatch(let type, let context):
            self.init(
                .wrongType, path: ConfigurationPath.text(of: context.codingPath),
                detail: "expected \(Self.phrase(for: type))\(Self.found(in: context.debugDescription))")
        case .valueNotFound(let type, let context):
            self.init(
                .wrongType, path: ConfigurationPath.text(of: context.codingPath),
                detail: "expected \(Self.phrase(for: type)), found null (omit a key to get its default)")
        case .keyNotFound(let key, let context):
            self.init(
                .wrongType, path: ConfigurationPath.text(of: context.codingPath + [key]),
                detail: "missing: \(context.debugDescription)")
        case .dataCorrupted(let context):
            self.init(
                .wrongType, path: ConfigurationPath.text(of: context.codingPath), detail: context.debugDescription)
        @unknown default:
            self.init(.wrongType, detail: "\(error)")
        }
    }

    /// ", found a string" from a decoder's "Expected to decode Int but found a string instead.", else the whole
    /// description after a colon.
    private static func found(in description: String) -> String {
        guard let range = description.firstRange(of: " but found ") else { return ": \(description)" }
        var found = description[range.upperBound...]
        if found.hasSuffix(".") { found = found.dropLast() }
        if found.hasSuffix(" instead") { found = found.dropLast(" instead".count) }
        return ", found \(found)"
    }

    /// How a message names the JSON a Swift type decodes from.
    private static func phrase(for type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [String].Type: "an array of strings"
        default:
            String(describing: type).hasPrefix("Dictionary") || String(describing: type).hasPrefix("KeyedDecoding")
                ? "an object" : String(describing: type)
        }
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
        var location = path.isEmpty ? "" : " at \(path)"
        if let offset { location += " (byte offset \(offset))" }
        if let file { location += code == .unreadableFile ? " \(file)" : " in \(file)" }
        return detail.isEmpty ? "\(what)\(location)" : "\(what)\(location): \(detail)"
    }
}
