import NIOCore
import Testing
import WSFraming

/// The echo server's flow without a network: upgrade request → handshake + permessage-deflate negotiation →
/// a server and a client `WSConnection`, each with its `PerMessageDeflate`, exchanging compressed messages.
@Suite struct EchoServerFlowTests {
    static let request = """
        GET /chat HTTP/1.1\r
        Host: localhost\r
        Upgrade: websocket\r
        Connection: Upgrade\r
        Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
        Sec-WebSocket-Version: 13\r
        Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
        Sec-WebSocket-Extensions: x-webkit-deflate-frame\r
        \r\n
        """

    /// The bytes of every `.write` action, in order.
    static func written(_ actions: [WSConnection.Action]) -> ByteBuffer {
        var out = ByteBuffer()
        for case .write(var buffer) in actions { out.writeBuffer(&buffer) }
        return out
    }

    /// Every delivered message.
    static func messages(_ actions: [WSConnection.Action]) -> [WSMessage] {
        actions.compactMap { if case .message(let message) = $0 { message } else { nil } }
    }

    /// Negotiates as the echo server does and returns the two connected endpoints.
    static func connect(limits: WSLimits = WSLimits()) throws -> (server: WSConnection, client: WSConnection) {
        let parsed = try #require(try WSRequestHead.parse(Array(request.utf8)))
        let handshake = try WSHandshake(head: parsed.head)
        let negotiator = PerMessageDeflateNegotiator()
        let accepted = try #require(try negotiator.negotiate(header: handshake.extensionOffers.joined(separator: ", ")))
        let response = handshake.responseHead(extensions: accepted.headerValue)
        #expect(response.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"))
        #expect(response.contains("Sec-WebSocket-Extensions: permessage-deflate\r\n"))
        // The client reads the response as RFC 7692 §7.1 says it must.
        let element = try #require(try WSExtensionHeader.parse(accepted.headerValue).first)
        let clientSide = try #require(PerMessageDeflateParameters(response: element))
        let server = WSConnection(
            configuration: .init(role: .server, limits: limits, codec: try negotiator.makeServerCodec(accepted)))
        let client = WSConnection(
            configuration: .init(role: .client, codec: try PerMessageDeflate(parameters: clientSide, role: .client)))
        return (server, client)
    }

    @Test func compressedMessagesEchoBothWays() throws {
        var (server, client) = try Self.connect()
        for size in [10, 1023, 1024, 5000, 70_000] {
            let text = String(repeating: "socket.io echo ", count: size / 15 + 1).prefix(size)
            var up = Self.written(client.send(text: String(text)))
            // RSV1 marks a compressed message; below the 1024-byte threshold it stays off.
            let first = try #require(up.getInteger(at: up.readerIndex, as: UInt8.self))
            #expect(first & 0x40 == (size >= 1024 ? 0x40 : 0), "size \(size)")
            if size >= 1024 { #expect(up.readableBytes < size / 4) }
            let received = Self.messages(server.receive(&up))
            #expect(received.map(\.text) == [String(text)])
            var down = Self.written(received.flatMap { server.send($0) })
            #expect(Self.messages(client.receive(&down)).map(\.text) == [String(text)])
        }
    }

    @Test func compressedMessageOverTheLimitFailsWith1009() throws {
        var (server, client) = try Self.connect(
            limits: WSLimits(maxFrameSize: 100_000, maxMessageSize: 100_000, maxFragmentsPerMessage: 16))
        var up = Self.written(client.send(text: String(repeating: "a", count: 2_000_000)))
        #expect(up.readableBytes < 100_000)
        let actions = server.receive(&up)
        let failure = actions.compactMap { if case .failed(let error) = $0 { error } else { nil } }.first
        #expect(failure == .messageTooBig)
        #expect(failure?.closeCode == .messageTooBig)
    }

    @Test func rsv1WithoutNegotiationIsAProtocolError() throws {
        var (_, client) = try Self.connect()
        var up = Self.written(client.send(text: String(repeating: "b", count: 4000)))
        var plain = WSConnection(configuration: .init(role: .server))
        let failure = plain.receive(&up).compactMap { if case .failed(let error) = $0 { error } else { nil } }.first
        #expect(failure == .protocolError)
    }
}
