// Test doubles for the EngineServer tests: a fake engine service, a raw TCP client and a WebSocket client.
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing
import WSFraming

@testable import Transports

/// Waits (polling every 5 ms) until `condition` holds; fails the test after `timeout`. The deadline is generous:
/// a passing run returns as soon as the condition holds, whatever the machine's speed.
func eventually(
    _ what: String, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () -> Bool
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while !condition() {
        if clock.now > deadline {
            Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// What the fake service saw, in order.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])
    func add(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
    func contains(_ event: String) -> Bool { all.contains(event) }
}

/// An engine stand-in under `/engine/`:
/// - `GET /engine/hello` answers `hello`;
/// - `POST /engine/echo` reads the body (limit `bodyLimit`) and answers it, 413 when too large;
/// - `GET /engine/hang` never answers and logs `abort` when the client goes away;
/// - `POST /engine/early` answers 400 without reading the body;
/// - upgrades to `/engine/reject` get 403 `nope`; other upgrades are accepted and echo every message, answer
///   `pre` with a pre-encoded frame and `close` by closing.
final class FakeEngineService: EngineHTTPService, @unchecked Sendable {
    let log = EventLog()
    let bodyLimit: Int
    let deflate: EnginePerMessageDeflate?
    private let transports = Mutex<[ObjectIdentifier: any EngineWebSocketTransport]>([:])
    /// One frame built once, written as is to every connection that asks.
    static let preEncoded: ByteBuffer = {
        var buffer = ByteBuffer()
        WSFrameEncoder.write(WSFrameHeader(opcode: .text, payloadLength: 6), payload: ByteBuffer(string: "shared"), to: &buffer)
        return buffer
    }()

    init(bodyLimit: Int = 100, deflate: EnginePerMessageDeflate? = nil) {
        self.bodyLimit = bodyLimit
        self.deflate = deflate
    }

    func matches(path: Substring) -> Bool { path.hasPrefix("/engine/") }

    func handleRequest(_ head: EngineRequestHead, exchange: any EngineHTTPExchange) {
        log.add("request \(head.method.rawValue) \(head.path)")
        switch (head.method, head.path) {
        case (.GET, "/engine/hello"):
            exchange.respond(status: .ok, headers: ["content-type": "text/plain"], body: ByteBuffer(string: "hello"))
        case (.POST, "/engine/echo"):
            exchange.readBody(limit: bodyLimit) { [log] result in
                switch result {
                case .success(let body):
                    exchange.respond(status: .ok, headers: [:], body: body)
                case .failure(let error):
                    log.add("body \(error)")
                    if error == .tooLarge { exchange.respond(status: .payloadTooLarge, headers: [:], body: nil) }
                }
            }
        case (.GET, "/engine/hang"):
            exchange.onAbort { [log] in log.add("abort") }
        case (.POST, "/engine/early"):
            exchange.respond(status: .badRequest, headers: [:], body: ByteBuffer(string: "early"))
        default:
            exchange.respond(status: .badRequest, headers: [:], body: nil)
        }
    }

    func handleUpgrade(_ head: EngineRequestHead, upgrade: any EngineWebSocketUpgrade) {
        log.add("upgrade \(head.path)")
        if head.path == "/engine/reject" {
            upgrade.reject(status: .forbidden, body: "nope")
            return
        }
        upgrade.accept(headers: ["x-engine": "yes"], deflate: deflate, limits: WSLimits()) { [self] transport in
            guard let transport else { return log.add("accept failed") }
            transports.withLock { $0[ObjectIdentifier(transport)] = transport }
            transport.delegate = EchoDelegate(service: self)
        }
    }

    func shutdown(reason: EngineCloseReason) async {
        log.add("shutdown \(reason)")
        for transport in transports.withLock({ Array($0.values) }) {
            transport.eventLoop.execute { transport.close(code: .goingAway) }
        }
    }

    func forget(_ transport: any EngineWebSocketTransport) {
        transports.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(transport)) }
    }
}

/// Echoes WebSocket messages for `FakeEngineService`.
final class EchoDelegate: EngineWebSocketTransportDelegate, @unchecked Sendable {
    let service: FakeEngineService
    init(service: FakeEngineService) { self.service = service }

    func transport(_ transport: any EngineWebSocketTransport, received message: EngineMessage) {
        switch message {
        case .text(let text) where String(buffer: text) == "pre":
            service.log.add("pre-encoded allowed \(transport.acceptsPreEncodedFrames)")
            transport.write(preEncodedFrame: FakeEngineService.preEncoded)
        case .text(let text) where String(buffer: text) == "close":
            transport.close(code: .normalClosure)
        case .text(let text) where String(buffer: text) == "flood":
            // Writes until NIO's buffer passes its high-water mark (the peer has stopped reading).
            let chunk = ByteBuffer(repeating: 7, count: 65_536)
            var written = 0
            while transport.isWritable && written < 2_000 {
                transport.write(binary: chunk, compress: false)
                transport.flush()
                written += 1
            }
            service.log.add(transport.isWritable ? "still writable" : "unwritable")
        case .text(let text):
            service.log.add("text \(String(buffer: text))")
            transport.write(text: text, compress: true)
        case .binary(let bytes):
            service.log.add("binary \(bytes.readableBytes)")
            transport.write(binary: bytes, compress: true)
        }
        transport.flush()
    }

    func transportWritabilityChanged(_ transport: any EngineWebSocketTransport) {
        service.log.add("writable \(transport.isWritable)")
    }

    func transportClosed(_ transport: any EngineWebSocketTransport, error: (any Error)?) {
        service.log.add(error == nil ? "ws closed" : "ws closed with error")
        service.forget(transport)
    }
}

/// A fallback that answers `fallback <method> <uri> <body>`.
struct EchoFallback: EngineHTTPFallback {
    func handle(_ request: EngineRequestHead, body: ByteBuffer?) async -> EngineHTTPResponse {
        let text = "fallback \(request.method.rawValue) \(request.uri) \(body.map { String(buffer: $0) } ?? "")"
        return EngineHTTPResponse(status: .ok, headers: ["x-fallback": "1"], body: ByteBuffer(string: text))
    }
}

/// A server with `service` on a free loopback port, shut down by `body`'s end.
func withServer(
    _ service: FakeEngineService = FakeEngineService(), limits: EngineConnectionLimits = EngineConnectionLimits(),
    fallback: (any EngineHTTPFallback)? = nil, _ body: (EngineServer, Int) async throws -> Void
) async throws {
    let server = EngineServer(service: service, limits: limits, fallback: fallback)
    let address = try await server.start()
    let port = try #require(address.port)
    do {
        try await body(server, port)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// Collects everything a connection receives.
final class RawClientHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let received = Mutex<[UInt8]>([])
    let closed = Mutex(false)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        received.withLock { $0.append(contentsOf: buffer.readableBytesView) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed.withLock { $0 = true }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// A TCP client that writes raw bytes and looks at raw bytes.
final class RawClient: Sendable {
    let channel: any Channel
    let handler: RawClientHandler

    /// Connects; `receiveBufferSize` sets SO_RCVBUF (a small one makes a slow reader cheap to simulate).
    static func connect(port: Int, receiveBufferSize: Int? = nil) async throws -> RawClient {
        let handler = RawClientHandler()
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        if let receiveBufferSize {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferSize))
        }
        let channel = try await bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawClient(channel: channel, handler: handler)
    }

    private init(channel: any Channel, handler: RawClientHandler) {
        self.channel = channel
        self.handler = handler
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    func send(bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    var bytes: [UInt8] { handler.received.withLock { $0 } }
    var text: String { String(decoding: bytes, as: UTF8.self) }
    var isClosed: Bool { handler.closed.withLock { $0 } }

    /// Removes and returns the first `count` received bytes.
    func take(_ count: Int) -> [UInt8] {
        handler.received.withLock { bytes in
            let head = Array(bytes.prefix(count))
            bytes.removeFirst(head.count)
            return head
        }
    }

    /// Waits for one whole HTTP response (head plus Content-Length body) and removes it from the input.
    func response(sourceLocation: SourceLocation = #_sourceLocation) async throws -> (head: String, body: String) {
        var result: (String, String)?
        try await eventually("a response", sourceLocation: sourceLocation) {
            result = handler.received.withLock { bytes -> (String, String)? in
                guard let end = Self.headEnd(bytes) else { return nil }
                let head = String(decoding: bytes[..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }.first ?? 0
                guard bytes.count >= end + length else { return nil }
                let body = String(decoding: bytes[end..<(end + length)], as: UTF8.self)
                bytes.removeFirst(end + length)
                return (head, body)
            }
            return result != nil
        }
        return try #require(result)
    }

    /// Waits until the server closes the connection.
    func waitClosed(timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await eventually("the server to close", timeout: timeout, sourceLocation: sourceLocation) { isClosed }
    }

    func close() async {
        try? await channel.close()
    }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 3..<bytes.count where bytes[i] == 10 && bytes[i - 1] == 13 && bytes[i - 2] == 10 && bytes[i - 3] == 13 {
            return i + 1
        }
        return nil
    }
}

/// A WebSocket client over `RawClient`, framing with WSFraming's client role.
final class WSTestClient: @unchecked Sendable {
    let raw: RawClient
    private(set) var connection: WSConnection
    /// The `101` head.
    let responseHead: String
    private var inbound = ByteBuffer()
    private var pending: [WSConnection.Action] = []

    private init(raw: RawClient, responseHead: String, codec: PerMessageDeflate?) {
        self.raw = raw
        self.responseHead = responseHead
        self.connection = WSConnection(configuration: .init(role: .client, codec: codec))
    }

    static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    /// The upgrade request for `path` with `extra` header lines.
    static func request(path: String, extra: [String] = []) -> String {
        var text = "GET \(path) HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        text += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        for line in extra { text += line + "\r\n" }
        return text + "\r\n"
    }

    /// Connects and upgrades; `early` bytes are sent in the same write as the request.
    static func connect(
        port: Int, path: String = "/engine/ws", extra: [String] = [], early: [UInt8] = [],
        receiveBufferSize: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> WSTestClient {
        let raw = try await RawClient.connect(port: port, receiveBufferSize: receiveBufferSize)
        try await raw.send(bytes: Array(request(path: path, extra: extra).utf8) + early)
        var end = 0
        try await eventually("the 101", sourceLocation: sourceLocation) {
            end = RawClient.headEnd(raw.bytes) ?? 0
            return end > 0
        }
        let head = String(decoding: raw.take(end), as: UTF8.self)
        var codec: PerMessageDeflate?
        if let line = head.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("sec-websocket-extensions:") }) {
            let value = String(line.split(separator: ":", maxSplits: 1)[1])
            let offers = try WSExtensionHeader.parse(value)
            let parameters = try #require(offers.first.flatMap { PerMessageDeflateParameters(response: $0) })
            codec = try PerMessageDeflate(
                parameters: parameters, role: .client, options: PerMessageDeflateOptions(threshold: 0)
            )
        }
        return WSTestClient(raw: raw, responseHead: head, codec: codec)
    }

    /// Frames every action's writes and sends them.
    func perform(_ actions: [WSConnection.Action]) async throws {
        for case .write(let buffer) in actions {
            // The server may already have closed (after failing the connection): replies are best effort.
            try? await raw.send(bytes: Array(buffer.readableBytesView))
        }
    }

    func send(text: String) async throws {
        try await perform(connection.send(text: text))
    }

    func send(binary: [UInt8]) async throws {
        try await perform(connection.send(WSMessage(kind: .binary, payload: ByteBuffer(bytes: binary))))
    }

    func close(code: WSCloseCode = .normalClosure) async throws {
        try await perform(connection.close(code: code))
    }

    /// Frames for `text` as the client would send them (masked), without sending.
    func encode(text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for case .write(let buffer) in connection.send(text: text) { bytes += buffer.readableBytesView }
        return bytes
    }

    /// Waits for the next action matching `pick` among what the server sent; the client's own replies (pong,
    /// close) are sent on the way.
    func next<T>(
        _ what: String, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
        _ pick: (WSConnection.Action) -> T?
    ) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            var incoming = ByteBuffer(bytes: raw.take(Int.max))
            inbound.writeBuffer(&incoming)
            let actions = connection.receive(&inbound)
            try await perform(actions)
            pending += actions
            if let index = pending.firstIndex(where: { pick($0) != nil }), let found = pick(pending[index]) {
                pending.removeFirst(index + 1)
                return found
            }
            if clock.now > deadline {
                Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Waits for the next data message.
    func message(sourceLocation: SourceLocation = #_sourceLocation) async throws -> WSMessage {
        try await next("a message", sourceLocation: sourceLocation) { action in
            if case .message(let message) = action { return message }
            return nil
        }
    }
}
