// Support for the loopback end-to-end tests: a real `EngineServer` hosting a real `EngineEndpoint`, a handler that
// records what the engine reports, and Engine.IO-level helpers over the harness clients (`RawClient`, `WSTestClient`).
import Foundation
import NIOCore
import Synchronization
import Testing
import WSFraming

@testable import Transports

/// An `EngineHandler` that records every call and, unless told otherwise, echoes messages like `EngineEchoHandler`.
///
/// Hooks run on the session's loop, inside the handler call, so they may use the session directly.
final class LoopbackHandler: EngineHandler, @unchecked Sendable {
    private struct State {
        var sessions: [String: EngineSession] = [:]
        var opened: [String] = []
        var received: [String: [EngineMessage]] = [:]
        var closed: [String: EngineCloseReason] = [:]
        var drained: [String: Int] = [:]
        var upgraded: Set<String> = []
    }

    private let state = Mutex(State())
    /// Whether received messages are sent back.
    let echo: Bool
    /// Runs after `sessionOpened` is recorded.
    let onOpen: (@Sendable (EngineSession) -> Void)?
    /// Runs after a message is recorded (before the echo).
    let onMessage: (@Sendable (EngineSession, EngineMessage) -> Void)?

    init(
        echo: Bool = true, onOpen: (@Sendable (EngineSession) -> Void)? = nil,
        onMessage: (@Sendable (EngineSession, EngineMessage) -> Void)? = nil
    ) {
        self.echo = echo
        self.onOpen = onOpen
        self.onMessage = onMessage
    }

    func sessionOpened(_ session: EngineSession) {
        state.withLock {
            $0.sessions[session.id] = session
            $0.opened.append(session.id)
        }
        onOpen?(session)
    }

    func session(_ session: EngineSession, received message: EngineMessage) {
        state.withLock { $0.received[session.id, default: []].append(message) }
        onMessage?(session, message)
        guard echo else { return }
        switch message {
        case .text(let bytes): session.send(.text(bytes))
        case .binary(let bytes): session.send(.binary(bytes))
        }
    }

    func sessionClosed(_ session: EngineSession, reason: EngineCloseReason) {
        state.withLock { $0.closed[session.id] = reason }
    }

    func sessionDrained(_ session: EngineSession) {
        state.withLock { $0.drained[session.id, default: 0] += 1 }
    }

    func sessionUpgraded(_ session: EngineSession) {
        _ = state.withLock { $0.upgraded.insert(session.id) }
    }

    var opened: [String] { state.withLock { $0.opened } }
    func session(_ sid: String) -> EngineSession? { state.withLock { $0.sessions[sid] } }
    func received(_ sid: String) -> [EngineMessage] { state.withLock { $0.received[sid] ?? [] } }
    func closeReason(_ sid: String) -> EngineCloseReason? { state.withLock { $0.closed[sid] } }
    var closedCount: Int { state.withLock { $0.closed.count } }
    func drainCount(_ sid: String) -> Int { state.withLock { $0.drained[sid] ?? 0 } }
    func didUpgrade(_ sid: String) -> Bool { state.withLock { $0.upgraded.contains(sid) } }

    /// Waits for the session to close and returns why.
    func waitClosed(
        _ sid: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> EngineCloseReason {
        try await eventually("session \(sid) to close", sourceLocation: sourceLocation) { closeReason(sid) != nil }
        return try #require(closeReason(sid), sourceLocation: sourceLocation)
    }
}

/// One HTTP response as the client saw it.
struct HTTPReply {
    let status: Int
    /// Header fields in order, names lowercased.
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first value of a header (name in any case).
    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }
}

extension RawClient {
    /// Waits for one whole response (head plus Content-Length body), removes it from the input and parses it.
    func reply(timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> HTTPReply
    {
        var result: HTTPReply?
        try await eventually("a response", timeout: timeout, sourceLocation: sourceLocation) {
            result = handler.received.withLock { bytes -> HTTPReply? in
                guard let end = Self.headEnd(bytes) else { return nil }
                let lines = String(decoding: bytes[..<(end - 4)], as: UTF8.self).components(separatedBy: "\r\n")
                let statusParts = lines[0].split(separator: " ", maxSplits: 2)
                guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
                let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2 else { return nil }
                    return (parts[0].lowercased(), parts[1].trimmingCharacters(in: .whitespaces))
                }
                let length = headers.first { $0.name == "content-length" }.flatMap { Int($0.value) } ?? 0
                guard bytes.count >= end + length else { return nil }
                let body = Array(bytes[end..<(end + length)])
                bytes.removeFirst(end + length)
                return HTTPReply(status: status, headers: headers, body: body)
            }
            return result != nil
        }
        return try #require(result, sourceLocation: sourceLocation)
    }

    /// Sends one request; `Host: localhost` is added unless `headers` has a Host line, `Content-Length` when there is
    /// a body or the method is POST.
    func request(_ method: String, _ target: String, headers: [String] = [], body: [UInt8] = []) async throws {
        var head = "\(method) \(target) HTTP/1.1\r\n"
        if !headers.contains(where: { $0.lowercased().hasPrefix("host:") }) { head += "Host: localhost\r\n" }
        for line in headers { head += line + "\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        try await send(bytes: Array((head + "\r\n").utf8) + body)
    }
}

/// A running server with a real endpoint, and Engine.IO-level client helpers.
struct LoopbackEngine {
    let server: EngineServer
    let endpoint: EngineEndpoint
    let handler: LoopbackHandler
    let port: Int

    var path: String { endpoint.options.normalizedPath }

    /// The query string of a request on `transport`, with `sid` when given.
    func target(transport: String = "polling", sid: String? = nil, eio: String = "4") -> String {
        "\(path)?EIO=\(eio)&transport=\(transport)" + (sid.map { "&sid=\($0)" } ?? "")
    }

    /// One request on a fresh connection; the connection is closed after the reply.
    func http(
        _ method: String, _ target: String, headers: [String] = [], body: [UInt8] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> HTTPReply {
        let client = try await RawClient.connect(port: port)
        try await client.request(method, target, headers: headers, body: body)
        let reply = try await client.reply(sourceLocation: sourceLocation)
        await client.close()
        return reply
    }

    /// A polling handshake; returns the sid and the open packet's fields.
    func handshake(
        headers: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (sid: String, open: [String: Any], reply: HTTPReply) {
        let reply = try await http("GET", target(), headers: headers, sourceLocation: sourceLocation)
        try #require(reply.status == 200, "handshake answered \(reply.status) \(reply.text)", sourceLocation: sourceLocation)
        let open = try Self.openPacket(Self.packets(reply.text)[0], sourceLocation: sourceLocation)
        let sid = try #require(open["sid"] as? String, sourceLocation: sourceLocation)
        return (sid, open, reply)
    }

    /// A GET for `sid` on a fresh connection.
    func get(_ sid: String, headers: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> HTTPReply
    {
        try await http("GET", target(sid: sid), headers: headers, sourceLocation: sourceLocation)
    }

    /// A POST of `payload` for `sid` on a fresh connection.
    func post(
        _ sid: String, _ payload: String, headers: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> HTTPReply {
        try await http("POST", target(sid: sid), headers: headers, body: Array(payload.utf8), sourceLocation: sourceLocation)
    }

    /// Sends a GET for `sid` and returns its connection without waiting for the answer (a long poll).
    func startGet(_ sid: String, headers: [String] = []) async throws -> RawClient {
        let client = try await RawClient.connect(port: port)
        try await client.request("GET", target(sid: sid), headers: headers)
        return client
    }

    /// A WebSocket to the endpoint (a handshake without `sid`, a probe with it).
    func webSocket(
        sid: String? = nil, extra: [String] = [], receiveBufferSize: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> WSTestClient {
        try await WSTestClient.connect(
            port: port, path: target(transport: "websocket", sid: sid), extra: extra,
            receiveBufferSize: receiveBufferSize, sourceLocation: sourceLocation)
    }

    /// Reads a loop-confined session property on the session's loop; nil when no session has the sid.
    func onSessionLoop<T: Sendable>(_ sid: String, _ read: @escaping @Sendable (EngineSession) -> T) async throws -> T? {
        guard let session = endpoint.session(id: sid) else { return nil }
        return try await session.eventLoop.submit { read(session) }.get()
    }

    /// The transport the session uses now, read on its loop.
    func transport(of sid: String) async throws -> EngineTransportKind? {
        try await onSessionLoop(sid) { $0.transport }
    }

    /// Waits until the session holds a pending GET (a message sent now would answer it), checked on its loop.
    func waitForPendingGet(_ sid: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while try await onSessionLoop(sid, { $0.canWriteNow }) != true {
            if clock.now > deadline {
                Issue.record("timed out waiting for a pending GET", sourceLocation: sourceLocation)
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Decodes `0{...}` into the open packet's JSON object.
    static func openPacket(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try #require(text.hasPrefix("0"), "not an open packet: \(text)", sourceLocation: sourceLocation)
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8.dropFirst()))
        return try #require(json as? [String: Any], sourceLocation: sourceLocation)
    }

    /// The packets of a v4 polling payload.
    static func packets(_ payload: String) -> [String] {
        payload.split(separator: "\u{1e}", omittingEmptySubsequences: false).map(String.init)
    }
}

extension EngineServerOptions {
    /// Options for loopback tests: the defaults, with changes applied.
    static func loopback(_ change: (inout EngineServerOptions) -> Void = { _ in }) -> EngineServerOptions {
        var options = EngineServerOptions()
        change(&options)
        return options
    }
}

/// A server with a real `EngineEndpoint` for `options` on a free loopback port, shut down by `body`'s end.
func withEngine(
    _ options: EngineServerOptions = .loopback(), handler: LoopbackHandler = LoopbackHandler(),
    _ body: (LoopbackEngine) async throws -> Void
) async throws {
    let endpoint = EngineEndpoint(options: options, handler: handler)
    let server = EngineServer(service: endpoint)
    let address = try await server.start()
    let engine = LoopbackEngine(server: server, endpoint: endpoint, handler: handler, port: try #require(address.port))
    do {
        try await body(engine)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

extension WSTestClient {
    /// Waits for the next text message and returns it as a string.
    func nextText(sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let message = try await message(sourceLocation: sourceLocation)
        try #require(message.kind == .text, "expected text, got \(message.kind)", sourceLocation: sourceLocation)
        return message.text
    }

    /// Waits for the server's close frame and returns its payload.
    func closeFrame(sourceLocation: SourceLocation = #_sourceLocation) async throws -> WSClosePayload {
        try await next("the close frame", sourceLocation: sourceLocation) { action -> WSClosePayload? in
            if case .peerClosed(let payload) = action { return payload }
            return nil
        }
    }
}
