// A bare-bones loopback host for running the official engine.io-protocol suites against the engine core before the
// real network edge (`EngineServer`) exists: keep-alive, one request at a time, WebSocket frames through
// WSFraming's `WSConnection`. It is a test fixture, not a server: it runs only when CORE_HOST_PORT is set, e.g.
//
//   CORE_HOST_PORT=3000 CORE_HOST_SECONDS=60 swift test --filter serveEngineEchoForProtocolSuites &
//   ../shared/tools/protocol-suites/run.sh DOCS http://127.0.0.1:3000 engine.io
//
// (CORE_HOST_EIO3=1 turns on allowEIO3 for the v3 suite.)
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import WSFraming

@testable import Transports

@Test(.enabled(if: ProcessInfo.processInfo.environment["CORE_HOST_PORT"] != nil))
func serveEngineEchoForProtocolSuites() async throws {
    let env = ProcessInfo.processInfo.environment
    let port = Int(env["CORE_HOST_PORT"] ?? "3000") ?? 3000
    let seconds = Int(env["CORE_HOST_SECONDS"] ?? "60") ?? 60
    var options = EngineServerOptions()
    options.path = "/engine.io"
    options.pingInterval = .milliseconds(300)
    options.pingTimeout = .milliseconds(200)
    options.cors = EngineCORS(origins: .any)
    options.allowEIO3 = env["CORE_HOST_EIO3"] != nil
    let endpoint = EngineEndpoint(options: options, handler: EngineEchoHandler())
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    let channel = try await ServerBootstrap(group: group)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(HostHandler(endpoint: endpoint))
            }
        }
        .bind(host: "127.0.0.1", port: port).get()
    print("HOST listening \(port)")
    try await Task.sleep(for: .seconds(seconds))
    try await channel.close()
}

final class HostHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let endpoint: EngineEndpoint
    var buffer = ByteBuffer()
    var exchange: HostExchange?
    var transport: HostTransport?
    var headDone = false
    init(endpoint: EngineEndpoint) { self.endpoint = endpoint }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if let transport {
            transport.receive(&bytes)
            return
        }
        buffer.writeBuffer(&bytes)
        parse(context: context)
    }

    /// Parses the request in `buffer` (one at a time; the next after the response, keep-alive).
    func parse(context: ChannelHandlerContext) {
        if let exchange {
            exchange.bodyArrived(buffer)
            return
        }
        guard !headDone else { return }
        let view = buffer.readableBytesView
        guard let end = view.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
        headDone = true
        let headText = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
        let bodyStart = end.upperBound - view.startIndex
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { context.close(promise: nil); return }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let method = HTTPMethod(rawValue: String(requestLine[0]))
        let head = EngineRequestHead(method: method, uri: String(requestLine[1]), headers: headers)
        let channel = context.channel
        if headers.first(name: "upgrade")?.lowercased() == "websocket" {
            let fields = headers.map { WSHeaderField(name: $0.name, value: $0.value) }
            guard let handshake = try? WSHandshake(method: "GET", target: head.uri, headers: fields) else {
                context.close(promise: nil)
                return
            }
            endpoint.handleUpgrade(head, upgrade: HostUpgrade(channel: channel, handshake: handshake, handler: self))
            return
        }
        let ex = HostExchange(channel: channel)
        ex.finished = { [weak self, context] in
            guard let self else { return }
            self.exchange = nil
            self.headDone = false
            self.buffer.moveReaderIndex(forwardBy: min(ex.expected, self.buffer.readableBytes))
            self.buffer.discardReadBytes()
            if self.buffer.readableBytes > 0 { self.parse(context: context) }
        }
        exchange = ex
        ex.expected = Int(headers.first(name: "content-length") ?? "0") ?? 0
        buffer.moveReaderIndex(forwardBy: bodyStart)
        ex.bodyArrived(buffer)
        endpoint.handleRequest(head, exchange: ex)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if let transport { transport.delegate?.transportWritabilityChanged(transport) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        exchange?.inactive()
        if let transport { transport.ended() }
    }
}

final class HostExchange: EngineHTTPExchange, @unchecked Sendable {
    let channel: Channel
    var eventLoop: any EventLoop { channel.eventLoop }
    var expected = 0
    var body: ByteBuffer?
    var completion: (@Sendable (Result<ByteBuffer, EngineBodyError>) -> Void)?
    var limit = Int.max
    var abort: (@Sendable () -> Void)?
    var responded = false
    /// Runs after the response is written, to read the next request on the connection.
    var finished: (() -> Void)?
    init(channel: Channel) { self.channel = channel }

    func bodyArrived(_ buffer: ByteBuffer) {
        if buffer.readableBytes >= expected {
            body = buffer.getSlice(at: buffer.readerIndex, length: expected)
            deliver()
        }
    }
    func deliver() {
        guard let completion, let body else { return }
        self.completion = nil
        completion(body.readableBytes > limit ? .failure(.tooLarge) : .success(body))
    }
    func readBody(limit: Int, _ completion: @escaping @Sendable (Result<ByteBuffer, EngineBodyError>) -> Void) {
        eventLoop.execute { [self] in
            if expected > limit { completion(.failure(.tooLarge)); return }
            self.limit = limit
            self.completion = completion
            deliver()
        }
    }
    func respond(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer?) {
        eventLoop.execute { [self] in
            guard !responded else { return }
            responded = true
            var text = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
            var sawLength = false
            for (name, value) in headers {
                if name.lowercased() == "content-length" { sawLength = true }
                text += "\(name): \(value)\r\n"
            }
            if !sawLength { text += "Content-Length: \(body?.readableBytes ?? 0)\r\n" }
            text += "\r\n"
            var out = channel.allocator.buffer(string: text)
            if var body { out.writeBuffer(&body) }
            channel.writeAndFlush(out, promise: nil)
            finished?()
            finished = nil
        }
    }
    func onAbort(_ callback: @escaping @Sendable () -> Void) { eventLoop.execute { self.abort = callback } }
    func inactive() {
        if !responded, let abort { abort() }
        if completion != nil { completion?(.failure(.aborted)); completion = nil }
    }
}

final class HostUpgrade: EngineWebSocketUpgrade, @unchecked Sendable {
    let channel: Channel
    let handshake: WSHandshake
    let handler: HostHandler
    var eventLoop: any EventLoop { channel.eventLoop }
    init(channel: Channel, handshake: WSHandshake, handler: HostHandler) {
        self.channel = channel
        self.handshake = handshake
        self.handler = handler
    }
    func accept(headers: HTTPHeaders, deflate: EnginePerMessageDeflate?, limits: WSLimits,
                _ completion: @escaping @Sendable ((any EngineWebSocketTransport)?) -> Void) {
        eventLoop.execute { [self] in
            var text = "HTTP/1.1 101 Switching Protocols\r\n"
            for field in handshake.responseHeaders() { text += "\(field.name): \(field.value)\r\n" }
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            channel.writeAndFlush(channel.allocator.buffer(string: text + "\r\n"), promise: nil)
            let transport = HostTransport(channel: channel, limits: limits)
            handler.transport = transport
            handler.buffer.clear()
            completion(transport)
        }
    }
    func reject(status: HTTPResponseStatus, body: String) {
        eventLoop.execute { [self] in
            let text = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nConnection: close\r\nContent-type: text/html\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            channel.writeAndFlush(channel.allocator.buffer(string: text)).whenComplete { [channel] _ in channel.close(promise: nil) }
        }
    }
}

final class HostTransport: EngineWebSocketTransport, @unchecked Sendable {
    let channel: Channel
    var connection: WSConnection
    var delegate: (any EngineWebSocketTransportDelegate)?
    var eventLoop: any EventLoop { channel.eventLoop }
    var isWritable: Bool { channel.isWritable }
    var acceptsPreEncodedFrames: Bool { true }
    var done = false
    init(channel: Channel, limits: WSLimits) {
        self.channel = channel
        self.connection = WSConnection(configuration: .init(role: .server, limits: limits))
    }
    func receive(_ bytes: inout ByteBuffer) {
        perform(connection.receive(&bytes))
    }
    func perform(_ actions: [WSConnection.Action]) {
        for action in actions {
            switch action {
            case .message(let m):
                delegate?.transport(self, received: m.kind == .text ? .text(m.payload) : .binary(m.payload))
            case .write(let b): channel.writeAndFlush(b, promise: nil)
            case .closeTransport: channel.close(promise: nil)
            case .failed, .ping, .pong, .peerClosed, .startCloseTimer: break
            }
        }
    }
    func write(text: ByteBuffer, compress: Bool) { perform(connection.send(WSMessage(kind: .text, payload: text))) }
    func write(binary: ByteBuffer, compress: Bool) { perform(connection.send(WSMessage(kind: .binary, payload: binary))) }
    func write(preEncodedFrame: ByteBuffer) { channel.write(preEncodedFrame, promise: nil) }
    func flush() { channel.flush() }
    func close(code: WSCloseCode) { perform(connection.close(code: code)) }
    func ended() {
        guard !done else { return }
        done = true
        delegate?.transportClosed(self, error: nil)
    }
}
