import NIOCore
import NIOEmbedded
import NIOHTTP1
import Synchronization
import WSFraming

@testable import Transports

/// A response a fake exchange received.
struct FakeResponse: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Waits for a condition a hop to an event loop or a Task will make true (bounded, never timing-dependent).
func eventually<T: Sendable>(
    _ loop: NIOAsyncTestingEventLoop, _ probe: @Sendable () -> T?
) async throws -> T {
    for _ in 0..<10_000 {
        await loop.run()
        if let value = probe() { return value }
        try await Task.sleep(for: .milliseconds(1))
    }
    throw EventuallyTimeout()
}

/// `eventually` gave up.
struct EventuallyTimeout: Error {}

/// An `EngineHTTPExchange` that records its response.
final class FakeExchange: EngineHTTPExchange, Sendable {
    let eventLoop: any EventLoop
    let requestBody: ByteBuffer?
    private let state = Mutex<(response: FakeResponse?, abort: (@Sendable () -> Void)?)>((nil, nil))

    init(loop: any EventLoop, body: String? = nil) {
        self.eventLoop = loop
        self.requestBody = body.map { ByteBuffer(string: $0) }
    }

    init(loop: any EventLoop, bytes: [UInt8]) {
        self.eventLoop = loop
        self.requestBody = ByteBuffer(bytes: bytes)
    }

    func readBody(limit: Int, _ completion: @escaping @Sendable (Result<ByteBuffer, EngineBodyError>) -> Void) {
        let body = requestBody ?? ByteBuffer()
        eventLoop.execute {
            completion(body.readableBytes > limit ? .failure(.tooLarge) : .success(body))
        }
    }

    func respond(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer?) {
        state.withLock { state in
            precondition(state.response == nil, "responded twice")
            state.response = FakeResponse(
                status: status, headers: headers, body: body.map { Array($0.readableBytesView) } ?? [])
        }
    }

    func onAbort(_ callback: @escaping @Sendable () -> Void) {
        state.withLock { $0.abort = callback }
    }

    /// The client goes away.
    func abort() {
        if let callback = state.withLock({ $0.abort }) { eventLoop.execute(callback) }
    }

    var response: FakeResponse? { state.withLock { $0.response } }
}

/// A message a fake WebSocket transport wrote.
enum FakeFrame: Hashable, Sendable {
    case text(String)
    case binary([UInt8])
}

/// An `EngineWebSocketTransport` that records writes and lets the test deliver messages.
final class FakeTransport: EngineWebSocketTransport, @unchecked Sendable {
    let eventLoop: any EventLoop
    private let lock = Mutex<Void>(())
    private var _delegate: (any EngineWebSocketTransportDelegate)?
    private var _written: [FakeFrame] = []
    private var _closed: WSCloseCode?
    var writable = true
    var acceptsPreEncodedFrames: Bool

    init(loop: any EventLoop, preEncoded: Bool = true) {
        self.eventLoop = loop
        self.acceptsPreEncodedFrames = preEncoded
    }

    var delegate: (any EngineWebSocketTransportDelegate)? {
        get { lock.withLock { _ in _delegate } }
        set { lock.withLock { _ in _delegate = newValue } }
    }
    var isWritable: Bool { lock.withLock { _ in writable } }
    var written: [FakeFrame] { lock.withLock { _ in _written } }
    var closedCode: WSCloseCode? { lock.withLock { _ in _closed } }

    func write(text: ByteBuffer, compress: Bool) {
        lock.withLock { _ in _written.append(.text(String(buffer: text))) }
    }
    func write(binary: ByteBuffer, compress: Bool) {
        lock.withLock { _ in _written.append(.binary(Array(binary.readableBytesView))) }
    }
    func write(preEncodedFrame: ByteBuffer) {
        let bytes = Array(preEncodedFrame.readableBytesView)
        let opcode = bytes[0] & 0x0F
        var length = Int(bytes[1] & 0x7F)
        var offset = 2
        if length == 126 {
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            offset = 4
        } else if length == 127 {
            length = bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        let payload = Array(bytes[offset..<(offset + length)])
        lock.withLock { _ in
            _written.append(opcode == 1 ? .text(String(decoding: payload, as: UTF8.self)) : .binary(payload))
        }
    }
    func flush() {}
    func close(code: WSCloseCode) {
        lock.withLock { _ in if _closed == nil { _closed = code } }
    }

    /// The client sends a text message.
    func receive(text: String) {
        eventLoop.execute { [self] in delegate?.transport(self, received: .text(ByteBuffer(string: text))) }
    }
    /// The client sends a binary message.
    func receive(binary: [UInt8]) {
        eventLoop.execute { [self] in delegate?.transport(self, received: .binary(ByteBuffer(bytes: binary))) }
    }
    /// The connection ends.
    func end(error: (any Error)? = nil) {
        eventLoop.execute { [self] in delegate?.transportClosed(self, error: error) }
    }
    /// Writability changes.
    func setWritable(_ value: Bool) {
        lock.withLock { _ in writable = value }
        eventLoop.execute { [self] in delegate?.transportWritabilityChanged(self) }
    }
}

/// An `EngineWebSocketUpgrade` that accepts or records the refusal.
final class FakeUpgrade: EngineWebSocketUpgrade, @unchecked Sendable {
    let eventLoop: any EventLoop
    private let lock = Mutex<Void>(())
    private var _transport: FakeTransport?
    private var _rejected: (HTTPResponseStatus, String)?
    private var _headers: HTTPHeaders?

    init(loop: any EventLoop) { self.eventLoop = loop }

    func accept(
        headers: HTTPHeaders, deflate: EnginePerMessageDeflate?, limits: WSLimits,
        _ completion: @escaping @Sendable ((any EngineWebSocketTransport)?) -> Void
    ) {
        let transport = FakeTransport(loop: eventLoop)
        lock.withLock { _ in
            _transport = transport
            _headers = headers
        }
        eventLoop.execute { completion(transport) }
    }

    func reject(status: HTTPResponseStatus, body: String) {
        lock.withLock { _ in _rejected = (status, body) }
    }

    var transport: FakeTransport? { lock.withLock { _ in _transport } }
    var rejected: (HTTPResponseStatus, String)? { lock.withLock { _ in _rejected } }
    var headers: HTTPHeaders? { lock.withLock { _ in _headers } }
}

/// A handler that records events and echoes messages.
final class RecordingHandler: EngineHandler, @unchecked Sendable {
    private let lock = Mutex<Void>(())
    private var _events: [String] = []
    private var _sessions: [EngineSession] = []
    var echo = true

    var events: [String] { lock.withLock { _ in _events } }
    var sessions: [EngineSession] { lock.withLock { _ in _sessions } }

    func sessionOpened(_ session: EngineSession) {
        lock.withLock { _ in
            _events.append("open")
            _sessions.append(session)
        }
    }
    func session(_ session: EngineSession, received message: EngineMessage) {
        lock.withLock { _ in
            _events.append(message.isBinary ? "binary \(message.bytes.readableBytes)" : "text \(String(buffer: message.bytes))")
        }
        if echo {
            switch message {
            case .text(let b): session.send(.text(b))
            case .binary(let b): session.send(.binary(b))
            }
        }
    }
    func sessionClosed(_ session: EngineSession, reason: EngineCloseReason) {
        lock.withLock { _ in _events.append("closed \(reason)") }
    }
    func sessionDrained(_ session: EngineSession) {
        lock.withLock { _ in _events.append("drained") }
    }
    func sessionUpgraded(_ session: EngineSession) {
        lock.withLock { _ in _events.append("upgraded") }
    }
}
