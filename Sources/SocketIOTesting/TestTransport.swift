import NIOCore
import NIOHTTP1
import Synchronization
import Transports
import WSFraming

/// An in-memory WebSocket: the endpoint writes into it, the test reads what was written and delivers messages.
final class TestTransport: EngineWebSocketTransport, @unchecked Sendable {
    struct State {
        var delegate: (any EngineWebSocketTransportDelegate)?
        var frames: [TestFrame] = []
        var waiter: CheckedContinuation<TestFrame?, Never>?
        var closedCode: WSCloseCode?
        var writable = true
    }

    let eventLoop: any EventLoop
    let state = Mutex(State())
    let acceptsPreEncodedFrames = true
    /// Whether pings are answered as they are written (a slow test then cannot time its connection out).
    let answering: Mutex<Bool>

    init(eventLoop: any EventLoop, answersPings: Bool) {
        self.eventLoop = eventLoop
        answering = Mutex(answersPings)
    }

    var delegate: (any EngineWebSocketTransportDelegate)? {
        get { state.withLock { $0.delegate } }
        set { state.withLock { $0.delegate = newValue } }
    }

    var isWritable: Bool { state.withLock { $0.writable } }

    func write(text: ByteBuffer, compress: Bool) { record(.text(String(buffer: text))) }
    func write(binary: ByteBuffer, compress: Bool) { record(.binary(Array(binary.readableBytesView))) }

    func write(preEncodedFrame: ByteBuffer) {
        // An unmasked server frame: opcode, length (7, 16 or 64 bits), payload.
        let bytes = Array(preEncodedFrame.readableBytesView)
        guard bytes.count >= 2 else { return }
        var length = Int(bytes[1] & 0x7F)
        var offset = 2
        if length == 126, bytes.count >= 4 {
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            offset = 4
        } else if length == 127, bytes.count >= 10 {
            length = bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        guard offset + length <= bytes.count else { return }
        let payload = Array(bytes[offset..<(offset + length)])
        record(bytes[0] & 0x0F == 1 ? .text(String(decoding: payload, as: UTF8.self)) : .binary(payload))
    }

    func flush() {}

    func close(code: WSCloseCode) {
        let waiter = state.withLock { state -> CheckedContinuation<TestFrame?, Never>? in
            if state.closedCode == nil { state.closedCode = code }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    func record(_ frame: TestFrame) {
        if frame == .text("2"), answering.withLock({ $0 }) {
            deliver(.text(ByteBuffer(string: "3")))
            return
        }
        let waiter = state.withLock { state -> CheckedContinuation<TestFrame?, Never>? in
            guard let waiter = state.waiter else {
                state.frames.append(frame)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: frame)
    }

    /// The next frame, or nil once the server closed and nothing is left.
    func next() async -> TestFrame? {
        await withCheckedContinuation { continuation in
            let immediate: TestFrame?? = state.withLock { state in
                if !state.frames.isEmpty { return .some(state.frames.removeFirst()) }
                if state.closedCode != nil { return .some(nil) }
                state.waiter = continuation
                return .none
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    /// Wakes a waiting `next()` with nil (a timeout).
    func cancelWait() {
        let waiter = state.withLock { state -> CheckedContinuation<TestFrame?, Never>? in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    func deliver(_ message: EngineMessage) {
        eventLoop.execute { [self] in delegate?.transport(self, received: message) }
    }

    func end() {
        eventLoop.execute { [self] in delegate?.transportClosed(self, error: nil) }
    }
}

/// Accepts the upgrade with a `TestTransport`.
final class TestUpgrade: EngineWebSocketUpgrade, @unchecked Sendable {
    let eventLoop: any EventLoop
    let outcome = Mutex<Result<TestTransport, TestConnectionError>?>(nil)
    let answersPings: Bool

    init(eventLoop: any EventLoop, answersPings: Bool) {
        self.eventLoop = eventLoop
        self.answersPings = answersPings
    }

    func accept(
        headers: HTTPHeaders, deflate: EnginePerMessageDeflate?, limits: WSLimits,
        _ completion: @escaping @Sendable ((any EngineWebSocketTransport)?) -> Void
    ) {
        let transport = TestTransport(eventLoop: eventLoop, answersPings: answersPings)
        outcome.withLock { $0 = .success(transport) }
        eventLoop.execute { completion(transport) }
    }

    func reject(status: HTTPResponseStatus, body: String) {
        outcome.withLock { $0 = .failure(TestConnectionError("upgrade refused: \(status.code) \(body)")) }
    }
}
