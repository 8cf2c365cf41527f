import Adapters
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing
import Transports

/// Packets the reference refuses ("invalid state" or an invalid payload): the connection closes, nothing is
/// dispatched.
@Suite struct ProtocolEdgeTests {
    @Test(arguments: [
        #"42["connect"]"#, #"42["disconnect",1]"#, #"42["disconnecting"]"#, "42[]", #"42[{"a":1}]"#, "42[null]",
        "40[1]", #"40"token""#,
    ])
    func invalidPayloadClosesTheConnection(packet: String) async throws {
        let server = TestServer()
        let events = Recorder<String>()
        let reasons = Recorder<DisconnectReason>()
        server.io.onConnection { (socket: Socket) in
            socket.onAny { event, _ in events.append(event) }
        }
        server.io.sockets.onDisconnect { _, reason in reasons.append(reason) }
        let client = try await server.client()
        if packet.hasPrefix("42") { _ = try await client.connect() }
        client.send(packet)
        try await client.waitForClose()
        #expect(events.values.isEmpty)
        if packet.hasPrefix("42") { #expect(try await reasons.first() == .parseError) }
    }

    @Test func numericEventNameIsAccepted() async throws {
        let server = TestServer()
        let events = Recorder<String>()
        server.io.onConnection { (socket: Socket) in
            socket.onAny { event, arguments in events.append("any \(event) \(json(arguments.values))") }
            socket.on("7") { (arguments: SIOArguments, ack: SocketAck?) in ack?.send(arguments: arguments) }
            socket.on("1.5") { (arguments: SIOArguments, ack: SocketAck?) in ack?("float") }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"421[7,"a"]"#)
        #expect(try await client.receiveText() == #"431["a"]"#)
        client.send(#"422[1.5]"#)
        #expect(try await client.receiveText() == #"432["float"]"#)
        client.send(#"423["7"]"#)
        #expect(try await client.receiveText() == "433[]")
        #expect(try await events.wait(count: 3) == [#"any 7 ["a"]"#, "any 1.5 []", "any 7 []"])
    }

    @Test func disconnectForANamespaceNotConnectedClosesTheConnection() async throws {
        let server = TestServer()
        _ = server.io.of("/chat")
        let client = try await server.client()
        _ = try await client.connect()
        client.send("41/chat,")
        try await client.waitForClose()
    }

    @Test func closeTwiceAndConnectAfterClose() async throws {
        let server = TestServer()
        let client = try await server.client()
        _ = try await client.connect()
        await server.io.close()
        await server.io.close()
        try await client.waitForClose()
        await #expect(throws: (any Error).self) { _ = try await server.client() }
    }

    @Test func textWhileAttachmentsAreAwaitedIsAParseError() async throws {
        let server = TestServer()
        let reasons = Recorder<DisconnectReason>()
        server.io.sockets.onDisconnect { _, reason in reasons.append(reason) }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"451-["e",{"_placeholder":true,"num":0}]"#)
        client.send(#"42["e"]"#)
        try await client.waitForClose()
        #expect(try await reasons.first() == .parseError)
    }

    @Test func binaryEventWithoutAttachmentsIsDispatched() async throws {
        let server = TestServer()
        server.io.sockets.on("e") { (_: Socket, arguments: SIOArguments, ack: SocketAck?) in
            ack?.send(arguments: arguments)
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"450-1["e",1]"#)
        #expect(try await client.receiveText() == "431[1]")
    }

    @Test func binaryEventsInTwoNamespacesInterleaveCorrectly() async throws {
        let server = TestServer()
        for name in ["/", "/b"] {
            server.io.of(name).on("e") { (socket: Socket, bytes: [UInt8], ack: SocketAck?) in
                ack?(socket.namespace.name, bytes)
            }
        }
        let client = try await server.client()
        _ = try await client.connect()
        _ = try await client.connect(namespace: "/b")
        client.send(#"451-1["e",{"_placeholder":true,"num":0}]"#)
        client.send(binary: [1])
        client.send(#"451-/b,2["e",{"_placeholder":true,"num":0}]"#)
        client.send(binary: [2])
        #expect(try await client.receiveText() == #"461-1["/",{"_placeholder":true,"num":0}]"#)
        #expect(try await client.receive() == .binary([1]))
        #expect(try await client.receiveText() == #"461-/b,2["/b",{"_placeholder":true,"num":0}]"#)
        #expect(try await client.receive() == .binary([2]))
    }
}
