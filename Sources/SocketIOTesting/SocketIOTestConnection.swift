public import NIOCore
public import NIOHTTP1
import Synchronization
public import Transports
public import WSFraming

/// A client connected to an Engine.IO endpoint in memory (no sockets, no HTTP): tests send raw Engine.IO text or
/// binary messages and read what the server writes, byte for byte.
///
/// ```swift
/// let client = try await SocketIOTestConnection.open(io.engine, eventLoop: loop)
/// let id = try await client.connect()                 // "40" → "40{"sid":...}"
/// client.send(#"42["hello",1]"#)
/// #expect(try await client.receive() == .text(#"42["hello-back",1]"#))
/// ```
public final class SocketIOTestConnection: Sendable {
    let transport: TestTransport
    /// The Engine.IO session id from the open packet.
    public let sid: String
    /// Whether pings are answered automatically, as soon as the server writes them (and never returned by
    /// `receive`).
    public let answersPings: Bool

    init(transport: TestTransport, sid: String, answersPings: Bool) {
        self.transport = transport
        self.sid = sid
        self.answersPings = answersPings
    }

    /// Opens a WebSocket session on `service` (e.g. `SocketIOServer.engine`) at `path` with `query` appended
    /// (`&name=value...`), the transport living on `eventLoop`.
    public static func open(
        _ service: any EngineHTTPService, eventLoop: any EventLoop, path: String = "/socket.io/",
        query: String = "", headers: HTTPHeaders = [:], answersPings: Bool = true, engineIOVersion: Int = 4,
        timeout: Duration = .seconds(15)
    ) async throws -> SocketIOTestConnection {
        let upgrade = TestUpgrade(eventLoop: eventLoop, answersPings: answersPings)
        let head = EngineRequestHead(
            method: .GET, uri: path + "?EIO=\(engineIOVersion)&transport=websocket" + query, headers: headers,
            remoteAddress: try? SocketAddress(ipAddress: "127.0.0.1", port: 40_000))
        eventLoop.execute { service.handleUpgrade(head, upgrade: upgrade) }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            switch upgrade.outcome.withLock({ $0 }) {
            case .success(let transport):
                guard let open = try await next(transport, timeout: timeout), let text = open.text, text.first == "0",
                    let sid = Self.sid(in: text)
                else { throw TestConnectionError("no open packet") }
                return SocketIOTestConnection(transport: transport, sid: sid, answersPings: answersPings)
            case .failure(let error):
                throw error
            case nil:
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        throw TestConnectionError("the upgrade was neither accepted nor refused within \(timeout)")
    }

    /// Sends a text message (an Engine.IO packet: `40`, `42["event"]`, ...).
    public func send(_ text: String) {
        transport.deliver(.text(ByteBuffer(string: text)))
    }

    /// Sends a binary message (an attachment).
    public func send(binary: [UInt8]) {
        transport.deliver(.binary(ByteBuffer(bytes: binary)))
    }

    /// The next message the server wrote (pings answered and skipped unless `answersPings` is off).
    public func receive(timeout: Duration = .seconds(15)) async throws -> TestFrame {
        while true {
            guard let frame = try await Self.next(transport, timeout: timeout) else {
                throw TestConnectionError("the server closed the connection (\(String(describing: closeCode)))")
            }
            if frame == .text("2"), transport.answering.withLock({ $0 }) {
                send("3")
                continue
            }
            return frame
        }
    }

    /// The next text message.
    public func receiveText(timeout: Duration = .seconds(15)) async throws -> String {
        let frame = try await receive(timeout: timeout)
        guard let text = frame.text else { throw TestConnectionError("expected text, got \(frame)") }
        return text
    }

    /// Connects to `namespace` (with `auth` JSON text) and returns the socket id; a CONNECT_ERROR is thrown with
    /// its payload.
    public func connect(namespace: String = "/", auth: String? = nil, timeout: Duration = .seconds(15)) async throws
        -> String
    {
        let prefix = namespace == "/" ? "40" : "40\(namespace),"
        send(prefix + (auth ?? ""))
        var answer = try await receiveText(timeout: timeout)
        // A ping that came first (only surfaced when pings are not answered automatically) is not the answer.
        while answer == "2" { answer = try await receiveText(timeout: timeout) }
        guard answer.hasPrefix(prefix), let id = Self.sid(in: answer) else {
            throw TestConnectionError("connect to \(namespace) answered \(answer)")
        }
        return id
    }

    /// Whatever the server writes within `duration` (pings handled as in `receive`); empty when it stays quiet.
    public func drain(for duration: Duration) async -> [TestFrame] {
        var frames: [TestFrame] = []
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            guard let frame = try? await receive(timeout: deadline - ContinuousClock.now) else { break }
            frames.append(frame)
        }
        return frames
    }

    /// Stops answering pings from now on (the server then closes the session with "ping timeout").
    public func stopAnsweringPings() {
        transport.answering.withLock { $0 = false }
    }

    /// The client goes away (the transport closes, as when a browser tab closes).
    public func disconnect() {
        transport.end()
    }

    /// The close code the server sent, once it closed the connection.
    public var closeCode: WSCloseCode? { transport.state.withLock { $0.closedCode } }

    /// Waits until the server closes the connection (skipping anything written before).
    public func waitForClose(timeout: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + timeout
        while closeCode == nil {
            guard ContinuousClock.now < deadline else { throw TestConnectionError("still open after \(timeout)") }
            _ = try? await Self.next(transport, timeout: .milliseconds(50))
        }
    }

    /// The next frame within `timeout`; nil once closed; throws on timeout.
    static func next(_ transport: TestTransport, timeout: Duration) async throws -> TestFrame? {
        let timedOut = Mutex(false)
        let timer = Task {
            try await Task.sleep(for: timeout)
            timedOut.withLock { $0 = true }
            transport.cancelWait()
        }
        let frame = await transport.next()
        timer.cancel()
        if frame == nil, timedOut.withLock({ $0 }), transport.state.withLock({ $0.closedCode == nil }) {
            throw TestConnectionError("nothing received within \(timeout)")
        }
        return frame
    }

    /// The `sid` member of an open or CONNECT packet's JSON.
    static func sid(in text: String) -> String? {
        let bytes = Array(text.utf8)
        let key = Array("\"sid\":\"".utf8)
        guard bytes.count > key.count else { return nil }
        for start in 0...(bytes.count - key.count) where bytes[start..<(start + key.count)].elementsEqual(key) {
            let rest = bytes[(start + key.count)...]
            guard let end = rest.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return String(decoding: rest[..<end], as: UTF8.self)
        }
        return nil
    }
}
