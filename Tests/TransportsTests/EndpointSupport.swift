import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Synchronization

@testable import Transports

/// An endpoint on a testing loop with the conformance suite's timings, and request helpers.
struct EndpointHarness {
    let endpoint: EngineEndpoint
    let handler: RecordingHandler
    let loop: NIOAsyncTestingEventLoop
    let errors: ErrorLog

    /// Refusals seen by `onConnectionError`.
    final class ErrorLog: @unchecked Sendable {
        private let lock = NIOLockedErrors()
        var codes: [Int] { lock.codes }
        func append(_ code: Int) { lock.append(code) }
    }

    init(_ configure: (inout EngineServerOptions) -> Void = { _ in }) {
        var options = EngineServerOptions()
        options.path = "/engine.io"
        options.pingInterval = .milliseconds(300)
        options.pingTimeout = .milliseconds(200)
        let errors = ErrorLog()
        options.onConnectionError = { errors.append($0.error.code) }
        configure(&options)
        let handler = RecordingHandler()
        self.errors = errors
        self.handler = handler
        self.loop = NIOAsyncTestingEventLoop()
        self.endpoint = EngineEndpoint(
            options: options, handler: handler, logger: Logger(label: "test"),
            upgradeCheckInterval: .milliseconds(100))
    }

    /// Sends a request and returns its exchange without waiting.
    func start(
        _ method: HTTPMethod = .GET, _ query: String, body: String? = nil, headers: HTTPHeaders = [:]
    ) -> FakeExchange {
        let exchange = FakeExchange(loop: loop, body: body)
        endpoint.handleRequest(
            EngineRequestHead(method: method, uri: "/engine.io/?" + query, headers: headers), exchange: exchange)
        return exchange
    }

    /// Sends a request and waits for its response.
    func send(
        _ method: HTTPMethod = .GET, _ query: String, body: String? = nil, headers: HTTPHeaders = [:]
    ) async throws -> FakeResponse {
        let exchange = start(method, query, body: body, headers: headers)
        return try await response(exchange)
    }

    /// Waits for the response of `exchange`.
    func response(_ exchange: FakeExchange) async throws -> FakeResponse {
        try await eventually(loop) { exchange.response }
    }

    /// Opens a polling session and returns its sid.
    func handshake(_ eio: Int = 4, extra: String = "") async throws -> String {
        let response = try await send(.GET, "EIO=\(eio)&transport=polling" + extra)
        let parts = response.text.split(separator: "\"", omittingEmptySubsequences: false)
        guard let key = parts.firstIndex(of: "sid"), key + 2 < parts.count else {
            throw HarnessError(text: response.text)
        }
        return String(parts[key + 2])
    }

    /// Starts a WebSocket upgrade and waits until it was accepted or refused.
    func upgrade(_ query: String, headers: HTTPHeaders = [:]) async throws -> FakeUpgrade {
        let upgrade = FakeUpgrade(loop: loop)
        endpoint.handleUpgrade(
            EngineRequestHead(method: .GET, uri: "/engine.io/?" + query, headers: headers), upgrade: upgrade)
        _ = try await eventually(loop) { upgrade.transport != nil || upgrade.rejected != nil ? true : nil }
        await loop.run()
        return upgrade
    }

    struct HarnessError: Error { let text: String }
}

/// A tiny locked list of error codes.
final class NIOLockedErrors: Sendable {
    private let list = Mutex<[Int]>([])
    var codes: [Int] { list.withLock { $0 } }
    func append(_ code: Int) { list.withLock { $0.append(code) } }
}
