import NIOCore
import NIOHTTP1

/// `EngineServer`'s `EngineHTTPExchange`: one request at the engine path on one connection.
///
/// Its state is touched only on `eventLoop`: every public method hops there first, which is what makes the
/// `@unchecked Sendable` sound.
final class ServerHTTPExchange: EngineHTTPExchange, @unchecked Sendable {
    let eventLoop: any EventLoop
    private let handler: NIOLoopBound<HTTPConnectionHandler>
    /// The declared body length, or nil for chunked or no length.
    let declaredLength: Int?
    /// The request's HTTP version, which the response uses.
    let version: HTTPVersion
    /// The client waits for `100 Continue` before sending the body (`Expect: 100-continue`).
    let expectsContinue: Bool
    /// Whether the request may carry a body (a Content-Length above zero, or chunked).
    let expectsBody: Bool

    // Loop-confined state.
    private var body: ByteBuffer?
    private var receivedCount = 0
    private var limit: Int?
    private var bodyCompletion: (@Sendable (Result<ByteBuffer, EngineBodyError>) -> Void)?
    private var abortCallbacks: [@Sendable () -> Void] = []
    /// The request's end arrived (its body, if any, was read to the end).
    private(set) var ended = false
    /// The body passed the limit; later bytes are dropped and the connection closes after the response.
    private(set) var overLimit = false
    private(set) var responded = false
    private(set) var aborted = false

    init(eventLoop: any EventLoop, handler: HTTPConnectionHandler, head: HTTPRequestHead) {
        self.eventLoop = eventLoop
        self.handler = NIOLoopBound(handler, eventLoop: eventLoop)
        let length = head.headers.first(name: "content-length").flatMap { Int($0) }
        let chunked = head.headers[canonicalForm: "transfer-encoding"].contains { $0.lowercased() == "chunked" }
        self.version = head.version
        self.expectsContinue = head.headers[canonicalForm: "expect"].contains { $0.lowercased() == "100-continue" }
        self.declaredLength = chunked ? nil : length
        self.expectsBody = chunked || (length ?? 0) > 0
    }

    /// Whether reads should wait: body bytes are arriving but nobody asked for them yet.
    var holdsReads: Bool { !ended && limit == nil && !aborted && !responded }

    func readBody(limit: Int, _ completion: @escaping @Sendable (Result<ByteBuffer, EngineBodyError>) -> Void) {
        eventLoop.execute { [self] in
            guard !aborted else { return completion(.failure(.aborted)) }
            guard self.limit == nil, bodyCompletion == nil else { return }
            self.limit = limit
            if let declaredLength, declaredLength > limit {
                return failTooLarge(completion)
            }
            if receivedCount > limit { return failTooLarge(completion) }
            if ended {
                completion(.success(body ?? ByteBuffer()))
                body = nil
                return
            }
            bodyCompletion = completion
            if expectsContinue { handler.value.writeContinue(version: version) }
            handler.value.resumeReads()
        }
    }

    func respond(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer?) {
        eventLoop.execute { [self] in
            guard !responded, !aborted else { return }
            responded = true
            abortCallbacks = []
            handler.value.respond(self, status: status, headers: headers, body: body)
        }
    }

    func onAbort(_ callback: @escaping @Sendable () -> Void) {
        eventLoop.execute { [self] in
            if aborted { return callback() }
            guard !responded else { return }
            abortCallbacks.append(callback)
        }
    }

    /// A part of the body arrived (on the loop).
    func received(_ bytes: ByteBuffer) {
        guard !overLimit, !aborted else { return }
        receivedCount += bytes.readableBytes
        if let limit, receivedCount > limit {
            body = nil
            if let completion = bodyCompletion {
                bodyCompletion = nil
                failTooLarge(completion)
            } else {
                overLimit = true
            }
            return
        }
        if body == nil {
            body = bytes
        } else {
            var bytes = bytes
            body?.writeBuffer(&bytes)
        }
    }

    /// The request's end arrived (on the loop).
    func receivedEnd() {
        ended = true
        guard !overLimit, let completion = bodyCompletion else { return }
        bodyCompletion = nil
        completion(.success(body ?? ByteBuffer()))
        body = nil
    }

    /// The connection went away (on the loop).
    func abort() {
        guard !aborted else { return }
        aborted = true
        body = nil
        if let completion = bodyCompletion {
            bodyCompletion = nil
            completion(.failure(.aborted))
        }
        guard !responded else { return }
        let callbacks = abortCallbacks
        abortCallbacks = []
        for callback in callbacks { callback() }
    }

    private func failTooLarge(_ completion: @Sendable (Result<ByteBuffer, EngineBodyError>) -> Void) {
        overLimit = true
        body = nil
        completion(.failure(.tooLarge))
    }
}
