public import NIOCore
public import NIOHTTP1
public import WSFraming

/// A WebSocket upgrade request at the engine path whose WebSocket handshake headers the host already validated
/// (RFC 6455 §4.2.1); the endpoint decides whether the Engine.IO side accepts it.
///
/// Exactly one of `accept` or `reject` is called, from any thread.
public protocol EngineWebSocketUpgrade: AnyObject, Sendable {
    /// The event loop of the connection; a new session lives on it.
    var eventLoop: any EventLoop { get }
    /// Completes the handshake with 101 plus `headers`, negotiates permessage-deflate when `deflate` is non-nil
    /// and the client offered it, and switches the connection to WebSocket with `limits`. The completion runs on
    /// `eventLoop` with the live transport, or nil if the connection went away first.
    func accept(
        headers: HTTPHeaders, deflate: EnginePerMessageDeflate?, limits: WSLimits,
        _ completion: @escaping @Sendable ((any EngineWebSocketTransport)?) -> Void
    )
    /// Refuses the upgrade: writes `status` with `body` as text/html and `Connection: close`, then closes (the
    /// reference's `abortUpgrade`).
    func reject(status: HTTPResponseStatus, body: String)
}

/// A live WebSocket connection carrying one Engine.IO session, implemented by the host.
///
/// All methods are called on `eventLoop`; the delegate is called on it too.
public protocol EngineWebSocketTransport: AnyObject, Sendable {
    /// The connection's event loop.
    var eventLoop: any EventLoop { get }
    /// Receives messages, writability changes and the end of the connection. Set once, right after `accept`.
    var delegate: (any EngineWebSocketTransportDelegate)? { get set }
    /// Whether the connection can take more writes now (NIO's writability).
    var isWritable: Bool { get }
    /// Whether `write(preEncodedFrame:)` may be used: true when no per-message codec is active.
    var acceptsPreEncodedFrames: Bool { get }
    /// Writes one text message (valid UTF-8); `compress` allows permessage-deflate above its threshold.
    func write(text: ByteBuffer, compress: Bool)
    /// Writes one binary message.
    func write(binary: ByteBuffer, compress: Bool)
    /// Writes a complete, unmasked server frame built once for many connections.
    func write(preEncodedFrame: ByteBuffer)
    /// Flushes the writes so far.
    func flush()
    /// Starts the closing handshake with `code` (1000 by default), then closes the connection.
    func close(code: WSCloseCode)
}

/// What an `EngineWebSocketTransport` reports.
public protocol EngineWebSocketTransportDelegate: AnyObject, Sendable {
    /// One complete message (text is valid UTF-8, already inflated if compressed).
    func transport(_ transport: any EngineWebSocketTransport, received message: EngineMessage)
    /// The connection's writability changed.
    func transportWritabilityChanged(_ transport: any EngineWebSocketTransport)
    /// The connection ended: `error` is nil after a clean close (either side), or the protocol or I/O error.
    func transportClosed(_ transport: any EngineWebSocketTransport, error: (any Error)?)
}
