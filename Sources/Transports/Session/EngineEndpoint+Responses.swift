import Logging
import NIOCore
import NIOHTTP1

extension EngineEndpoint {
    /// Reports a refusal like the reference's `connection_error` event.
    func report(_ error: EngineRequestError, head: EngineRequestHead) {
        logger.debug("engine request refused", metadata: ["error": "\(error)", "uri": "\(head.uri)"])
        options.onConnectionError?(EngineConnectionError(request: head, error: error))
    }

    /// Refuses a polling request: the error's status and JSON body (the reference's `abortRequest`).
    func refuse(_ request: EnginePollRequest, _ error: EngineRequestError) {
        report(error, head: request.head)
        var headers = request.cors
        let body = ByteBuffer(string: error.body)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        request.exchange.respond(status: error.status, headers: headers, body: body)
    }

    /// Refuses an upgrade: 400 (503 for the session cap and shutdown) with the message as text (the reference's
    /// `abortUpgrade`).
    func refuse(_ upgrade: any EngineWebSocketUpgrade, head: EngineRequestHead, _ error: EngineRequestError) {
        report(error, head: head)
        let status: HTTPResponseStatus = error.status == .serviceUnavailable ? .serviceUnavailable : .badRequest
        upgrade.reject(status: status, body: error.message)
    }

    /// An empty response (overlapping requests, a body too large, a payload that is not Engine.IO).
    func respondEmpty(_ request: EnginePollRequest, status: HTTPResponseStatus) {
        var headers = request.cors
        headers.add(name: "Content-Length", value: "0")
        request.exchange.respond(status: status, headers: headers, body: nil)
    }

    /// `ok` for a POST that was read and handled.
    func respondOK(_ request: EnginePollRequest, sid: String) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/html")
        headers.add(name: "Content-Length", value: "2")
        decorate(&headers, for: request, sid: sid)
        request.exchange.respond(status: .ok, headers: headers, body: Self.okBody)
    }

    private static let okBody = ByteBuffer(string: "ok")

    /// The headers every polling response gets (the reference's `headers()` and the `headers` events): the IE
    /// XSS-filter opt-out, `cache-control: no-store`, the CORS headers, the cookie and `initialHeaders` on the
    /// handshake, then the `headers` hook.
    func decorate(_ headers: inout HTTPHeaders, for request: EnginePollRequest, sid: String) {
        if let agent = request.head.headers.first(name: "user-agent"),
            agent.contains(";MSIE") || agent.contains("Trident/")
        {
            headers.add(name: "X-XSS-Protection", value: "0")
        }
        headers.add(name: "cache-control", value: "no-store")
        headers.add(contentsOf: request.cors)
        if request.isHandshake {
            // A cookie whose name is not a token is not sent at all (the reference's `cookie.serialize` throws).
            if let value = options.cookie?.setCookieValue(for: sid) {
                headers.add(name: "Set-Cookie", value: value)
            }
            options.initialHeaders?(&headers, request.head)
        }
        options.headers?(&headers, request.head)
    }
}
