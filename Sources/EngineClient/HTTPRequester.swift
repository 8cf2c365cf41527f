import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 request on a fresh connection, closed after the response (simple, and a long poll never blocks a
/// POST because each has its own connection, as a browser's two connections give).
struct HTTPRequester: Sendable {
    /// A response's status and body.
    struct Response: Sendable {
        var status: Int
        var body: [UInt8]
    }

    let host: String
    let port: Int
    let headers: [(name: String, value: String)]
    let maxBodyBytes: Int
    let connectTimeout: Duration
    let group: any EventLoopGroup

    /// Sends the request and returns the whole response.
    func send(method: HTTPMethod, target: String, body: [UInt8]?) async throws(EngineClientError) -> Response {
        let promise = group.next().makePromise(of: Response.self)
        let limit = maxBodyBytes
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.nanoseconds(connectTimeout.nanoseconds))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(
                            ResponseCollector(promise: promise, maxBodyBytes: limit)
                        )
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            promise.fail(error)
            throw EngineClientError.connectFailed.with("\(host):\(port): \(error)")
        }
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: target)
        head.headers.add(name: "Host", value: "\(host):\(port)")
        head.headers.add(name: "Connection", value: "close")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        if let body {
            head.headers.add(name: "Content-Type", value: "text/plain;charset=UTF-8")
            head.headers.add(name: "Content-Length", value: String(body.count))
        }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        do {
            // Cancellation (the handshake deadline) closes the connection, which fails the promise.
            let response = try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                channel.close(promise: nil)
            }
            channel.close(promise: nil)
            return response
        } catch {
            channel.close(promise: nil)
            throw EngineClientError.requestFailed.with("\(method) \(target): \(error)")
        }
    }
}

/// Collects one response and completes the promise; a connection that ends first fails it.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<HTTPRequester.Response>
    private let maxBodyBytes: Int
    private var status = 0
    private var body: [UInt8] = []
    private var done = false

    init(promise: EventLoopPromise<HTTPRequester.Response>, maxBodyBytes: Int) {
        self.promise = promise
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body(let buffer):
            guard body.count + buffer.readableBytes <= maxBodyBytes else {
                finish(.failure(ResponseTooLarge(limit: maxBodyBytes)))
                context.close(promise: nil)
                return
            }
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            finish(.success(HTTPRequester.Response(status: status, body: body)))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(ConnectionEnded()))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    private func finish(_ result: Result<HTTPRequester.Response, any Error>) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
    }
}

/// The connection closed before the response was complete.
private struct ConnectionEnded: Error, CustomStringConvertible {
    var description: String { "the connection closed before the response ended" }
}

/// The response body exceeded the client's limit.
private struct ResponseTooLarge: Error, CustomStringConvertible {
    let limit: Int
    var description: String { "the response body exceeds \(limit) bytes" }
}

extension Duration {
    /// The duration in whole nanoseconds, for NIO's `TimeAmount`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
