import Adapters
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing
import Transports

@Suite struct AckTests {
    @Test func clientAckIsSentOnceEvenIfCalledTwice() async throws {
        let server = TestServer()
        let sent = Recorder<Bool>()
        server.io.onConnection { (socket: Socket) in
            socket.on("twice") { (_: SIOArguments, ack: SocketAck?) in
                sent.append(ack?.isSent ?? true)
                ack?("first")
                sent.append(ack?.isSent ?? false)
                ack?("second")
                ack?.send(arguments: SIOArguments(["third"]))
                try? socket.emit("after")
            }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"4212["twice"]"#)
        #expect(try await client.receiveText() == #"4312["first"]"#)
        #expect(try await client.receiveText() == #"42["after"]"#)
        #expect(sent.values == [false, true])
    }

    @Test func eventWithoutAckIDHasNoAck() async throws {
        let server = TestServer()
        let acks = Recorder<Bool>()
        server.io.sockets.on("e") { (_: Socket, _: SIOArguments, ack: SocketAck?) in acks.append(ack != nil) }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"42["e"]"#)
        client.send(#"420["e"]"#)
        #expect(try await acks.wait(count: 2) == [false, true])
    }

    @Test func ackInCustomNamespace() async throws {
        let server = TestServer()
        server.io.of("/chat").on("e") { (_: Socket, arguments: SIOArguments, ack: SocketAck?) in
            ack?.send(arguments: arguments)
        }
        let client = try await server.client()
        _ = try await client.connect(namespace: "/chat")
        client.send(#"42/chat,9["e",{"a":[]}]"#)
        #expect(try await client.receiveText() == #"43/chat,9[{"a":[]}]"#)
    }

    /// An echoed ack is written straight into its frame: the same bytes as re-encoding the arguments, at every
    /// frame header size, twice answered once.
    @Test func echoedAckIsByteForByteAtEveryFrameSize() async throws {
        let server = TestServer()
        server.io.of("/chat").on("e") { (_: Socket, arguments: SIOArguments, ack: SocketAck?) in
            ack?.send(arguments: arguments)
            ack?.send(arguments: arguments)
        }
        let client = try await server.client()
        _ = try await client.connect(namespace: "/chat")
        for size in [0, 100, 300, 70_000] {
            let text = String(repeating: "x", count: size)
            client.send(#"42/chat,12["e", "\#(text)" , {"a" : [1, 2]}]"#)
            #expect(try await client.receiveText() == #"43/chat,12["\#(text)",{"a" : [1, 2]}]"#)
        }
    }

    @Test func serverEmitWithAckIsAnswered() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        async let answer = socket.emitWithAck("question", 6, 7)
        let sent = try await client.receiveText()
        let id = try #require(sent.ackID)
        #expect(sent == #"42\#(id)["question",6,7]"#)
        client.send(#"43\#(id)[42,"yes"]"#)
        let arguments = try await answer
        #expect(arguments.values == [42, "yes"])
        #expect(try arguments.decode(Int.self, at: 0) == 42)
    }

    @Test func acksAreMatchedById() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        async let first = socket.emitWithAck("q", 1)
        let firstID = try #require(try await client.receiveText().ackID)
        async let second = socket.emitWithAck("q", 2)
        let secondID = try #require(try await client.receiveText().ackID)
        #expect(firstID != secondID)
        // Answered in the opposite order; an unknown id is ignored.
        client.send(#"43999["stray"]"#)
        client.send(#"43\#(secondID)["two"]"#)
        client.send(#"43\#(firstID)["one"]"#)
        #expect(try await first.values == ["one"])
        #expect(try await second.values == ["two"])
    }

    @Test func emitWithAckTimesOut() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        await #expect(throws: SocketIOError.ackTimeout) {
            _ = try await socket.timeout(.milliseconds(50)).emitWithAck("question")
        }
        let sent = try await client.receiveText()
        #expect(sent.hasSuffix(#"["question"]"#))
        // A late answer is ignored (and does not close anything).
        client.send("43\(try #require(sent.ackID))[1]")
        try socket.emit("still")
        #expect(try await client.receiveText() == #"42["still"]"#)
    }

    @Test func emitWithAckFailsWhenTheClientLeaves() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        let answer = Task { try await socket.emitWithAck("question") }
        _ = try await client.receiveText()
        client.send("41")
        await #expect(throws: SocketIOError.disconnected) { _ = try await answer.value }
    }

    @Test func emitWithAckOnALeftSocketFailsAtOnce() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let left = Recorder<String>()
        server.io.sockets.onDisconnect { socket, _ in left.append(socket.id) }
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        client.send("41")
        try await left.wait()
        await #expect(throws: SocketIOError.disconnected) { _ = try await socket.emitWithAck("question") }
    }

    @Test func binaryEventFromClientWithBinaryAck() async throws {
        let server = TestServer()
        let received = Recorder<[UInt8]>()
        server.io.onConnection { (socket: Socket) in
            socket.on("upload") { (bytes: [UInt8], ack: SocketAck?) in
                received.append(bytes)
                ack?(Array(bytes.reversed()), "done")
            }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"451-3["upload",{"_placeholder":true,"num":0}]"#)
        client.send(binary: [1, 2, 3, 255])
        #expect(try await client.receiveText() == #"461-3[{"_placeholder":true,"num":0},"done"]"#)
        #expect(try await client.receive() == .binary([255, 3, 2, 1]))
        #expect(try await received.first() == [1, 2, 3, 255])
    }

    @Test func binaryEchoKeepsAttachments() async throws {
        let server = TestServer()
        server.io.sockets.on("echo") { (_: Socket, arguments: SIOArguments, ack: SocketAck?) in
            ack?.send(arguments: arguments)
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"452-1["echo",{"_placeholder":true,"num":1},"x",{"_placeholder":true,"num":0}]"#)
        client.send(binary: [0xA])
        client.send(binary: [0xB, 0xC])
        #expect(
            try await client.receiveText()
                == #"462-1[{"_placeholder":true,"num":1},"x",{"_placeholder":true,"num":0}]"#)
        #expect(try await client.receive() == .binary([0xA]))
        #expect(try await client.receive() == .binary([0xB, 0xC]))
    }

    @Test func binaryAckFromClientDecodesAsBytes() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let client = try await server.client(loop: 1)
        _ = try await client.connect()
        let socket = try await sockets.first()
        async let answer = socket.emitWithAck("download", "file.bin")
        let sent = try await client.receiveText()
        let id = try #require(sent.ackID)
        #expect(sent == #"42\#(id)["download","file.bin"]"#)
        client.send(#"461-\#(id)[{"_placeholder":true,"num":0},7]"#)
        client.send(binary: [9, 8, 7])
        let arguments = try await answer
        #expect(try arguments.decode([UInt8].self, at: 0) == [9, 8, 7])
        #expect(try arguments.decode(Int.self, at: 1) == 7)
        #expect(arguments.value(at: 0) == .binary([9, 8, 7]))
    }

    @Test func serverBinaryEmitWithAck() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        async let answer = socket.emitWithAck("bytes", [UInt8]([0, 1]))
        let sent = try await client.receiveText()
        let id = try #require(sent.ackID)
        #expect(sent == #"451-\#(id)["bytes",{"_placeholder":true,"num":0}]"#)
        #expect(try await client.receive() == .binary([0, 1]))
        client.send(#"43\#(id)["ok"]"#)
        #expect(try await answer.values == ["ok"])
    }

    @Test func asyncConnectionHandlerCanAwaitAnAck() async throws {
        // Events wait for async connection handlers, but acknowledgements must not: the handler awaits them.
        let server = TestServer()
        let names = Recorder<String>()
        server.io.onConnection { (socket: Socket) async throws in
            let answer = try await socket.timeout(.seconds(5)).emitWithAck("who")
            names.append(try answer.decode(String.self, at: 0))
            socket.on("hello") { (_: SIOArguments, ack: SocketAck?) in ack?("hi") }
        }
        let client = try await server.client()
        _ = try await client.connect()
        let sent = try await client.receiveText()
        #expect(sent.hasSuffix(#"["who"]"#))
        client.send(#"421["hello"]"#)
        client.send("43\(try #require(sent.ackID))[\"ada\"]")
        #expect(try await names.first() == "ada")
        // The event that arrived while the handler waited is dispatched after it, to the handler it registered.
        #expect(try await client.receiveText() == #"431["hi"]"#)
    }
}
