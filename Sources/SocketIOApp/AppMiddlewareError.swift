/// A middleware broke the onion's rules: it called `next()` twice, or returned without calling it.
public struct AppMiddlewareError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case nextCalledTwice, nextNotCalled, connectionClosed
    }

    private let code: Code
    /// The middleware concerned: its registered name, or its position in the chain (`#2`) for code-level ones.
    public var middleware: String
    /// Context.
    public var detail: String

    private init(_ code: Code, middleware: String = "", detail: String = "") {
        self.code = code
        self.middleware = middleware
        self.detail = detail
    }

    /// `next()` was called a second time.
    public static let nextCalledTwice = AppMiddlewareError(.nextCalledTwice)
    /// A connection middleware returned without calling `next()`: the connection is refused (fail closed).
    public static let nextNotCalled = AppMiddlewareError(.nextNotCalled)
    /// The client went away before the connection was accepted.
    public static let connectionClosed = AppMiddlewareError(.connectionClosed)

    /// The same error about `middleware`.
    public func with(middleware: String, detail: String = "") -> AppMiddlewareError {
        AppMiddlewareError(code, middleware: middleware, detail: detail)
    }

    /// Errors compare by kind.
    public static func == (lhs: AppMiddlewareError, rhs: AppMiddlewareError) -> Bool { lhs.code == rhs.code }

    /// A one-line message.
    public var description: String {
        let what: String
        switch code {
        case .nextCalledTwice: what = "next() called twice"
        case .nextNotCalled: what = "middleware returned without calling next()"
        case .connectionClosed: what = "the client left before the connection was accepted"
        }
        let who = middleware.isEmpty ? "" : " (middleware \(middleware))"
        return detail.isEmpty ? what + who : "\(what)\(who): \(detail)"
    }
}
