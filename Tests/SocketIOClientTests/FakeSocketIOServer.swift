// A fake Socket.IO v5 server on the real EngineServer: just enough of the protocol to exercise the client.
//   CONNECT            → CONNECT {"sid","pid"} (the same pid back when the auth carries one: a recovered session);
//                        CONNECT_ERROR {"message":"forbidden","data":{"code":42}} for "/forbidden"
//   "echo"             → the same event and arguments back (attachments too)
//   "ack-me" (ack id)  → ACK with the same arguments;  "no-ack" → nothing
//   "ask-client"       → EVENT "question" with the same arguments and ack id 77; the client's ACK 77 comes back as
//                        EVENT "answer" with the ack's arguments;  "garbage" → a text message that is no packet
//   "news"             → EVENT "news" ["item", "offset-<n>"]   "kick" → DISCONNECT   "drop" → close the session
import NIOCore
import SIOParser
import Synchronization
import Testing
import Transports

/// What the server saw, for tests to inspect.
struct ServerRecord: Sendable {
    /// Every CONNECT: namespace and payload text ("" when none).
    var connects: [(namespace: String, auth: String)] = []
    /// Namespaces the client sent DISCONNECT for.
    var disconnects: [String] = []
    /// Event names received, in order.
    var events: [String] = []
    /// Engine.IO sessions opened.
    var sessions = 0
}

/// Per Engine.IO session: the Socket.IO decoder (handler calls for a session arrive in order on its loop).
final class FakeSessionState: @unchecked Sendable {
    var decoder = SIOPacketDecoder<ByteBufferView>()
}

final class FakeSocketIOHandler: EngineHandler {
    let record = Mutex(ServerRecord())
    private let counter = Mutex(0)

    func sessionOpened(_ session: EngineSession) {
        session.context = FakeSessionState()
        record.withLock { $0.sessions += 1 }
    }

    func sessionClosed(_ session: EngineSession, reason: EngineCloseReason) {}

    func session(_ session: EngineSession, received message: EngineMessage) {
        guard let state = session.context as? FakeSessionState else { return }
        let result: SIODecodeResult<ByteBufferView>
        do {
            switch message {
            case .text(let bytes): result = try state.decoder.receive(text: bytes.readableBytesView)
            case .binary(let bytes): result = try state.decoder.receive(binary: bytes.readableBytesView)
            }
        } catch {
            session.close()
            return
        }
        guard case .packet(let packet) = result else { return }
        handle(packet, session: session)
    }

    private func next() -> Int { counter.withLock { $0 += 1; return $0 } }

    private func handle(_ packet: SIOPacket<ByteBufferView>, session: EngineSession) {
        let namespace = packet.namespace
        let encoder = SIOPacketEncoder()
        var text: [UInt8] = []
        switch packet.type {
        case .connect:
            let auth = packet.payload.map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
            record.withLock { $0.connects.append((namespace, auth)) }
            if namespace == "/forbidden" {
                try? encoder.encodeConnectError(
                    namespace: namespace, message: "forbidden", data: ["code": 42], into: &text)
            } else {
                let pid = packet.payload?.root["pid"]?.stringValue ?? "pid-\(next())"
                try? encoder.encodeConnect(
                    namespace: namespace, payload: ["sid": .string("sid-\(next())"), "pid": .string(pid)],
                    into: &text)
            }
            session.send(.text(String(decoding: text, as: UTF8.self)))
        case .disconnect:
            record.withLock { $0.disconnects.append(namespace) }
        case .event, .binaryEvent:
            event(packet, namespace: namespace, session: session)
        case .ack, .binaryAck:
            guard packet.ackID == 77 else { return }
            try? encoder.encodeEvent(
                "answer", serializedArguments: packet.arguments.map(\.rawBytes),
                attachmentCount: packet.attachments.count, namespace: namespace, into: &text)
            send(text, packet.attachments, session)
        default:
            break
        }
    }

    private func event(_ packet: SIOPacket<ByteBufferView>, namespace: String, session: EngineSession) {
        let encoder = SIOPacketEncoder()
        var text: [UInt8] = []
        let arguments = packet.arguments.map(\.rawBytes)
        let name = packet.eventName?.stringValue ?? ""
        record.withLock { $0.events.append(name) }
        switch name {
        case "echo", "ask-client":
            try? encoder.encodeEvent(
                name == "echo" ? "echo" : "question", serializedArguments: arguments,
                attachmentCount: packet.attachments.count, namespace: namespace,
                ackID: name == "echo" ? nil : 77, into: &text)
            send(text, packet.attachments, session)
        case "ack-me":
            guard let id = packet.ackID else { return }
            var json: [UInt8] = [0x5B]
            for (index, argument) in arguments.enumerated() {
                if index > 0 { json.append(0x2C) }
                json.append(contentsOf: argument)
            }
            json.append(0x5D)
            try? encoder.encode(
                .ack, namespace: namespace, ackID: id, serializedPayload: json,
                attachmentCount: packet.attachments.count, into: &text)
            send(text, packet.attachments, session)
        case "news":
            _ = try? encoder.encodeEvent(
                "news", arguments: ["item", .string("offset-\(next())")], namespace: namespace, into: &text)
            send(text, [], session)
        case "kick":
            try? encoder.encodeDisconnect(namespace: namespace, into: &text)
            send(text, [], session)
        case "drop":
            session.close()
        case "ignored":
            // Packets a client ignores: an ack nobody waits for, an event for a namespace it did not join, a
            // CONNECT_ERROR and a CONNECT for a namespace already connected; then one it handles.
            for packet in ["399[]", "2/nowhere,[\"x\"]", "4/nowhere,{\"message\":\"m\"}", "0{\"sid\":\"other\"}"] {
                session.send(.text(packet))
            }
            try? encoder.encodeEvent("echo", serializedArguments: arguments, attachmentCount: 0, into: &text)
            send(text, [], session)
        case "garbage":
            session.send(.text("9 not a packet"))
            session.send(.text(#"2["after-garbage"]"#))
        default:
            break
        }
    }

    private func send(_ text: [UInt8], _ attachments: [ByteBufferView], _ session: EngineSession) {
        guard !text.isEmpty else { return }
        session.send(.text(String(decoding: text, as: UTF8.self)))
        for attachment in attachments { session.send(.binary(ByteBuffer(bytes: attachment))) }
    }
}

/// Runs `body` with the fake server on a free loopback port.
func withFakeServer(
    _ change: (inout EngineServerOptions) -> Void = { _ in },
    _ body: (Int, FakeSocketIOHandler) async throws -> Void
) async throws {
    var options = EngineServerOptions()
    change(&options)
    let handler = FakeSocketIOHandler()
    let server = EngineServer(service: EngineEndpoint(options: options, handler: handler))
    let address = try await server.start()
    let port = try #require(address.port)
    do {
        try await body(port, handler)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// Waits until `condition` holds, polling every 10 ms, failing after `timeout` (an upper bound, not a measurement).
func eventually(
    _ what: String, timeout: Duration = .seconds(30), _ condition: () async -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
}

/// Collects values from handlers, for assertions.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    init() {}
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
    var count: Int { values.withLock { $0.count } }
}
