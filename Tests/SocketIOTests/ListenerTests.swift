import Adapters
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing
import Transports

@Suite struct AnyListenerTests {
    @Test func onAnySeesEveryEventBeforeHandlers() async throws {
        let server = TestServer()
        let seen = Recorder<String>()
        server.io.onConnection { (socket: Socket) in
            socket.onAny { event, arguments in seen.append("any \(event) \(json(arguments.values))") }
            socket.on("a") { (_: SIOArguments, _: SocketAck?) in seen.append("handler a") }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"42["a",1]"#)
        client.send(#"42["unhandled"]"#)
        #expect(try await seen.wait(count: 3) == [#"any a [1]"#, "handler a", "any unhandled []"])
    }

    @Test func namespaceOnAnyEventSeesEveryEventAfterNamedHandlersWithItsAck() async throws {
        let server = TestServer()
        let seen = Recorder<String>()
        server.io.sockets.on("a") { (_: Socket, _: SIOArguments, _: SocketAck?) in seen.append("named a") }
        server.io.sockets.onAnyEvent { socket, event, arguments, ack in
            seen.append("any \(event) \(json(arguments.values)) ack:\(ack != nil)")
            ack?("routed \(event)")
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"42["a",1]"#)
        client.send(#"427["unrouted",true]"#)
        #expect(try await client.receiveText() == #"437["routed unrouted"]"#)
        #expect(seen.values == ["named a", "any a [1] ack:false", "any unrouted [true] ack:true"])
    }

    @Test func prependAnyRunsFirstAndOffAnyRemoves() async throws {
        let server = TestServer()
        let seen = Recorder<String>()
        let sockets = server.recordSockets()
        server.io.onConnection { (socket: Socket) in
            socket.on("barrier") { (_: SIOArguments, ack: SocketAck?) in ack?() }
        }
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        let first = socket.onAny { event, _ in seen.append("first \(event)") }
        socket.prependAny { event, _ in seen.append("prepended \(event)") }
        socket.onAny { event, _ in seen.append("last \(event)") }
        client.send(#"42["one"]"#)
        client.send(#"421["barrier"]"#)
        #expect(try await client.receiveText() == "431[]")
        socket.offAny(first)
        client.send(#"42["two"]"#)
        client.send(#"422["barrier"]"#)
        #expect(try await client.receiveText() == "432[]")
        socket.offAny()
        client.send(#"42["three"]"#)
        client.send(#"423["barrier"]"#)
        #expect(try await client.receiveText() == "433[]")
        #expect(
            seen.values == [
                "prepended one", "first one", "last one",
                "prepended barrier", "first barrier", "last barrier",
                "prepended two", "last two", "prepended barrier", "last barrier",
            ])
    }

    @Test func onAnyOutgoingSeesEmitsButNotAcks() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let outgoing = Recorder<String>()
        server.io.onConnection { (socket: Socket) in
            socket.on("ask") { (_: SIOArguments, ack: SocketAck?) in ack?("answer") }
        }
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        let token = socket.onAnyOutgoing { event, arguments in outgoing.append("\(event) \(json(arguments.values))") }
        try socket.emit("out", 1, "x")
        #expect(try await client.receiveText() == #"42["out",1,"x"]"#)
        client.send(#"421["ask"]"#)
        #expect(try await client.receiveText() == #"431["answer"]"#)
        async let ignored = socket.timeout(.seconds(5)).emitWithAck("question", true)
        let sent = try await client.receiveText()
        client.send("43\(try #require(sent.ackID))[]")
        _ = try await ignored
        socket.offAnyOutgoing(token)
        try socket.emit("unseen")
        #expect(try await client.receiveText() == #"42["unseen"]"#)
        #expect(outgoing.values == [#"out [1,"x"]"#, "question [true]"])
    }
}

@Suite struct PacketMiddlewareTests {
    @Test func refusalReportsMiddlewareRejectedAndSkipsTheHandler() async throws {
        let server = TestServer()
        let errors = Recorder<SocketIOError>()
        let handled = Recorder<String>()
        server.io.onConnection { (socket: Socket) in
            socket.use { event in
                if event.event == "forbidden" { throw Forbidden() }
            }
            socket.onError { _, error in if let error = error as? SocketIOError { errors.append(error) } }
            socket.on("forbidden") { (_: SIOArguments, _: SocketAck?) in handled.append("forbidden") }
            socket.on("allowed") { (_: SIOArguments, ack: SocketAck?) in
                handled.append("allowed")
                ack?()
            }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"421["forbidden"]"#)
        client.send(#"422["allowed"]"#)
        // The refused event gets no acknowledgement: the next thing written is the allowed one's.
        #expect(try await client.receiveText() == "432[]")
        let error = try await errors.first()
        #expect(error == .middlewareRejected)
        #expect(error.detail.contains("forbidden"))
        #expect(handled.values == ["allowed"])
    }

    @Test func middlewareSeesTheEvent() async throws {
        let server = TestServer()
        let seen = Recorder<String>()
        server.io.onConnection { (socket: Socket) in
            socket.use { event in seen.append("\(event.event) \(json(event.arguments.values)) \(event.wantsAck)") }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"42["a",1]"#)
        client.send(#"425["b"]"#)
        #expect(try await seen.wait(count: 2) == ["a [1] false", "b [] true"])
    }

    @Test func orderIsKeptWhenMiddlewareIsAsync() async throws {
        let server = TestServer()
        let order = Recorder<Int64>()
        server.io.onConnection { (socket: Socket) in
            socket.use { event in
                // Earlier events take longer: without ordering they would finish last.
                let n = event.arguments.value(at: 0)?.int64Value ?? 0
                for _ in 0..<(20 - n) * 10 { await Task.yield() }
            }
            socket.use { event in
                if event.arguments.value(at: 0)?.int64Value == 3 { throw Forbidden() }
            }
            socket.on("n") { (arguments: SIOArguments, _: SocketAck?) in
                order.append(arguments.value(at: 0)?.int64Value ?? -1)
            }
        }
        let client = try await server.client()
        _ = try await client.connect()
        for n in 1...10 { client.send(#"42["n",\#(n)]"#) }
        #expect(try await order.wait(count: 9) == [1, 2, 4, 5, 6, 7, 8, 9, 10])
    }

    @Test func acksBypassMiddleware() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        server.io.onConnection { (socket: Socket) in
            socket.use { _ in throw Forbidden() }
        }
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        async let answer = socket.emitWithAck("q")
        let sent = try await client.receiveText()
        client.send("43\(try #require(sent.ackID))[1]")
        #expect(try await answer.values == [1])
    }
}
