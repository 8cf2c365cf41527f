import Logging
import SIOParser
import SocketIO

/// The one place deciding what an error becomes on the wire and in the log.
enum AppErrorMapping {
    /// The message of a refusal by a middleware that returned without `next()`.
    static let refusedMessage = "Connection refused by middleware"

    /// The CONNECT_ERROR for a refused connection: a `SocketConnectError` as it is, a forgotten `next()` as the
    /// fail-closed refusal, an `AppEventError` with its message and data, any other error by its description.
    static func connectError(for error: any Error) -> SocketConnectError {
        switch error {
        case let refusal as SocketConnectError:
            return refusal
        case let middleware as AppMiddlewareError where middleware == .nextNotCalled:
            return SocketConnectError(refusedMessage, data: ["middleware": .string(middleware.middleware)])
        case let event as AppEventError:
            return SocketConnectError(event.message, data: event.data)
        default:
            return SocketConnectError("\(error)")
        }
    }

    /// The acknowledgement payload for an event that failed: `{"error": message}` (with `"data"` for an
    /// `AppEventError` that has some); internals never leak.
    static func ackPayload(for error: any Error) -> JSONValue {
        switch error {
        case let rejected as AppPacketRejected:
            return ackPayload(for: rejected.underlying)
        case let event as AppEventError:
            var object: JSONObject = ["error": .string(event.message)]
            if let data = event.data { object["data"] = data }
            return .object(object)
        case let argument as AppArgumentError:
            return ["error": .string(argument.description)]
        case let refusal as SocketConnectError:
            return ["error": .string(refusal.message)]
        default:
            return ["error": "internal error"]
        }
    }

    /// How loud an error is logged: client mistakes at debug, server failures at error.
    static func logLevel(for error: any Error) -> Logger.Level {
        switch error {
        case let rejected as AppPacketRejected: logLevel(for: rejected.underlying)
        case is AppEventError, is AppArgumentError, is SocketConnectError: .debug
        case let middleware as AppMiddlewareError where middleware == .connectionClosed: .debug
        case let middleware as AppMiddlewareError where middleware == .nextNotCalled: .info
        default: .error
        }
    }
}
