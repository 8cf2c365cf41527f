import NIOCore
import NIOHTTP1
import Synchronization
import Transports
import WSFraming

/// A WebSocket without a socket: the server's writes are counted and dropped, messages are handed to the session
/// directly. Everything runs on `eventLoop`, so only the server's own code is measured (no syscalls, no NIO
/// pipeline, no WebSocket framing of inbound bytes).
final class MemoryTransport: EngineWebSocketTransport, @unchecked Sendable {
    let eventLoop: any EventLoop
    var delegate: (any EngineWebSocketTransportDelegate)?
    let isWritable = true
    let acceptsPreEncodedFrames = true
    /// Messages and bytes the server wrote.
    var writes = 0
    var bytes = 0
    /// The last text message written (frame payload), kept only until `keepLast` is turned off.
    var keepLast = true
    var last: String?

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func write(text: ByteBuffer, compress: Bool) { record(text, offset: 0) }
    func write(binary: ByteBuffer, compress: Bool) { record(binary, offset: 0) }
    func write(preEncodedFrame: ByteBuffer) {
        // Server frames are unmasked; the payload follows a 2, 4 or 10 byte header.
        let length = preEncodedFrame.getInteger(at: preEncodedFrame.readerIndex + 1, as: UInt8.self) ?? 0
        record(preEncodedFrame, offset: length < 126 ? 2 : (length == 126 ? 4 : 10))
    }

    private func record(_ buffer: ByteBuffer, offset: Int) {
        writes += 1
        bytes += buffer.readableBytes
        if keepLast {
            last = buffer.getString(at: buffer.readerIndex + offset, length: buffer.readableBytes - offset)
        }
    }

    func flush() {}
    func close(code: WSCloseCode) {}

    /// Hands one text message to the session, as the WebSocket handler does.
    func receive(_ text: ByteBuffer) {
        delegate?.transport(self, received: .text(text))
    }
}

/// Accepts every upgrade with a `MemoryTransport` on `eventLoop`.
final class MemoryUpgrade: EngineWebSocketUpgrade, @unchecked Sendable {
    let eventLoop: any EventLoop
    let transport: MemoryTransport

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        transport = MemoryTransport(eventLoop: eventLoop)
    }

    func accept(
        headers: HTTPHeaders, deflate: EnginePerMessageDeflate?, limits: WSLimits,
        _ completion: @escaping @Sendable ((any EngineWebSocketTransport)?) -> Void
    ) {
        completion(transport)
    }

    func reject(status: HTTPResponseStatus, body: String) {
        fatalError("benchmark upgrade refused: \(status) \(body)")
    }
}
