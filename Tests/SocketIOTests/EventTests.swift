import Adapters
import NIOCore
import SIOParser
import SIOParserNIO
import SocketIO
import SocketIOTesting
import Testing
import Transports

struct Point: Codable, Equatable, Sendable {
    var x: Int
    var y: Int
}

@Suite struct EventTests {
    @Test func rawSyncHandlerOnSocket() async throws {
        let server = TestServer()
        let received = Recorder<[JSONValue]>()
        server.io.onConnection { (socket: Socket) in
            socket.on("raw") { (arguments: SIOArguments, _: SocketAck?) in received.append(arguments.values) }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"42["raw",1,"two",{"three":[3.5,null,true]}]"#)
        #expect(try await received.first() == [1, "two", ["three": [3.5, nil, true]]])
    }

    @Test func rawAsyncHandlerOnSocket() async throws {
        let server = TestServer()
        server.io.onConnection { (socket: Socket) in
            socket.on("slow") { (arguments: SIOArguments, ack: SocketAck?) async throws in
                await Task.yield()
                ack?.send(arguments: arguments)
            }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"423["slow",[1,2]]"#)
        #expect(try await client.receiveText() == "433[[1,2]]")
    }

    @Test func typedHandlersSyncAndAsync() async throws {
        let server = TestServer()
        let points = Recorder<Point>()
        server.io.onConnection { (socket: Socket) in
            socket.on("point") { (point: Point, _: SocketAck?) in points.append(point) }
            socket.on("later") { (point: Point, ack: SocketAck?) async throws in
                ack?(Point(x: point.y, y: point.x))
            }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"42["point",{"x":1,"y":2}]"#)
        client.send(#"427["later",{"x":3,"y":4}]"#)
        #expect(try await client.receiveText() == #"437[{"x":4,"y":3}]"#)
        #expect(try await points.first() == Point(x: 1, y: 2))
    }

    @Test func namespaceWideAndPerSocketHandlersBothRunSocketFirst() async throws {
        let server = TestServer()
        let calls = Recorder<String>()
        server.io.sockets.on("e") { (_: Socket, _: SIOArguments, _: SocketAck?) in calls.append("namespace") }
        server.io.sockets.on("typed") { (socket: Socket, point: Point, ack: SocketAck?) in ack?(point.x + point.y) }
        server.io.sockets.on("typedAsync") { (_: Socket, point: Point, ack: SocketAck?) async throws in ack?(point.x) }
        server.io.onConnection { (socket: Socket) in
            socket.on("e") { (_: SIOArguments, _: SocketAck?) in calls.append("socket") }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"42["e"]"#)
        client.send(#"421["typed",{"x":1,"y":2}]"#)
        #expect(try await client.receiveText() == "431[3]")
        client.send(#"422["typedAsync",{"x":5,"y":2}]"#)
        #expect(try await client.receiveText() == "432[5]")
        #expect(try await calls.wait(count: 2) == ["socket", "namespace"])
    }

    @Test func offRemovesSocketHandlers() async throws {
        let server = TestServer()
        let calls = Recorder<String>()
        server.io.onConnection { (socket: Socket) in
            socket.on("e") { (_: SIOArguments, _: SocketAck?) in calls.append("e") }
            socket.on("off") { (_: SIOArguments, ack: SocketAck?) in
                socket.off("e")
                ack?()
            }
            socket.on("barrier") { (_: SIOArguments, ack: SocketAck?) in ack?() }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"42["e"]"#)
        client.send(#"421["off"]"#)
        #expect(try await client.receiveText() == "431[]")
        client.send(#"42["e"]"#)
        client.send(#"422["barrier"]"#)
        #expect(try await client.receiveText() == "432[]")
        #expect(calls.values == ["e"])
    }

    @Test func malformedTypedArgumentReportsDecodingFailed() async throws {
        let server = TestServer()
        let errors = Recorder<SocketIOError>()
        let points = Recorder<Point>()
        server.io.onConnection { (socket: Socket) in
            socket.onError { _, error in if let error = error as? SocketIOError { errors.append(error) } }
            socket.on("point") { (point: Point, ack: SocketAck?) in
                points.append(point)
                ack?()
            }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"421["point","not a point"]"#)
        client.send(#"422["point",{"x":"1"}]"#)
        client.send(#"423["point"]"#)
        client.send(#"424["point",{"x":1,"y":2}]"#)
        // Only the good one is handled (and acknowledged); the others do not crash or close anything.
        #expect(try await client.receiveText() == "434[]")
        let reported = try await errors.wait(count: 3)
        #expect(reported.allSatisfy { $0 == .decodingFailed })
        #expect(reported.allSatisfy { $0.detail.hasPrefix("point") })
        #expect(points.values == [Point(x: 1, y: 2)])
        #expect(client.closeCode == nil)
    }

    @Test func throwingAsyncHandlerReportsHandlerFailed() async throws {
        let server = TestServer()
        let errors = Recorder<SocketIOError>()
        server.io.onConnection { (socket: Socket) in
            socket.onError { _, error in if let error = error as? SocketIOError { errors.append(error) } }
            socket.on("boom") { (_: SIOArguments, _: SocketAck?) async throws in throw Forbidden() }
        }
        let client = try await server.client()
        _ = try await client.connect()
        client.send(#"42["boom"]"#)
        let error = try await errors.first()
        #expect(error == .handlerFailed)
        #expect(error.detail.contains("forbidden here"))
    }

    @Test func eventsWaitForAsyncConnectionHandlersAndKeepTheirOrder() async throws {
        let server = TestServer()
        let gate = Gate()
        let order = Recorder<String>()
        _ = server.io.of("/barrier")
        server.io.onConnection { (socket: Socket) async throws in
            order.append("connection 1")
            await gate.wait()
            socket.on("n") { (arguments: SIOArguments, _: SocketAck?) in
                order.append("event \(arguments.value(at: 0)?.int64Value ?? -1)")
            }
        }
        server.io.onConnection { (socket: Socket) async throws in
            await Task.yield()
            order.append("connection 2")
        }
        let client = try await server.client()
        _ = try await client.connect()
        for index in 1...5 { client.send(#"42["n",\#(index)]"#) }
        // The server routed every event above before this CONNECT: they wait for the connection handlers.
        _ = try await client.connect(namespace: "/barrier")
        // The first handler's task may start late on a loaded machine; it then waits at the gate, alone.
        #expect(try await order.wait(count: 1) == ["connection 1"])
        #expect(order.values == ["connection 1"])
        gate.open()
        #expect(
            try await order.wait(count: 7)
                == ["connection 1", "connection 2", "event 1", "event 2", "event 3", "event 4", "event 5"])
    }

    @Test func syncConnectionHandlerRegistrationsSeeTheFirstEvent() async throws {
        let server = TestServer()
        server.io.onConnection { (socket: Socket) in
            socket.on("first") { (_: SIOArguments, ack: SocketAck?) in ack?("seen") }
        }
        let client = try await server.client()
        client.send("40")
        client.send(#"420["first"]"#)
        #expect(try await client.receiveText().hasPrefix("40{"))
        #expect(try await client.receiveText() == #"430["seen"]"#)
    }

    @Test(arguments: ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"])
    func reservedNamesAreRefusedByEmit(name: String) async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        #expect(throws: SocketIOError.reservedEventName) { try socket.emit(name, 1) }
        #expect(throws: SocketIOError.reservedEventName) { try server.io.emit(name) }
        #expect(throws: SocketIOError.reservedEventName) { try socket.broadcast.emit(name) }
        await #expect(throws: SocketIOError.reservedEventName) { _ = try await socket.emitWithAck(name) }
        try socket.emit("fine", name)
        #expect(try await client.receiveText() == #"42["fine","\#(name)"]"#)
    }

    @Test func nonFiniteNumbersAreRefusedOrSentAsNull() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        // JSON has no NaN: either the emit throws encodingFailed, or the value goes as null (JSON.stringify's way).
        do {
            try socket.emit("n", Double.nan)
            #expect(try await client.receiveText() == #"42["n",null]"#)
        } catch let error as SocketIOError {
            #expect(error == .encodingFailed)
        }
        try socket.emit("after")
        #expect(try await client.receiveText() == #"42["after"]"#)
    }

    @Test func emitEncodesCodableValuesAndBinary() async throws {
        let server = TestServer()
        let sockets = server.recordSockets()
        let client = try await server.client()
        _ = try await client.connect()
        let socket = try await sockets.first()
        try socket.emit("p", Point(x: 1, y: -2), "s", 3.5, true, Optional<Int>.none)
        #expect(try await client.receiveText() == #"42["p",{"x":1,"y":-2},"s",3.5,true,null]"#)
        try socket.emit("bin", [UInt8]([1, 2, 3]), "after")
        #expect(try await client.receiveText() == #"451-["bin",{"_placeholder":true,"num":0},"after"]"#)
        #expect(try await client.receive() == .binary([1, 2, 3]))
    }
}

@Suite struct QueuedEventLimitTests {
    @Test func eventsWaitingForConnectionHandlersAreBounded() async throws {
        let server = TestServer { $0.maxQueuedEvents = 5 }
        let gate = Gate()
        let reasons = Recorder<DisconnectReason>()
        server.io.onConnection { (_: Socket) async throws in await gate.wait() }
        server.io.sockets.onDisconnect { _, reason in reasons.append(reason) }
        let client = try await server.client()
        _ = try await client.connect()
        for n in 1...6 { client.send(#"42["n",\#(n)]"#) }
        try await client.waitForClose()
        #expect(try await reasons.first() == .forcedServerClose)
        gate.open()
    }

    @Test func eventsUpToTheLimitWaitAndRun() async throws {
        let server = TestServer { $0.maxQueuedEvents = 5 }
        let gate = Gate()
        let seen = Recorder<Int64>()
        server.io.onConnection { (_: Socket) async throws in await gate.wait() }
        server.io.sockets.on("n") { (_: Socket, arguments: SIOArguments, _: SocketAck?) in
            seen.append(arguments.value(at: 0)?.int64Value ?? -1)
        }
        _ = server.io.of("/barrier")
        let client = try await server.client()
        _ = try await client.connect()
        for n in 1...5 { client.send(#"42["n",\#(n)]"#) }
        _ = try await client.connect(namespace: "/barrier")
        gate.open()
        #expect(try await seen.wait(count: 5) == [1, 2, 3, 4, 5])
        #expect(client.closeCode == nil)
    }

    @Test func eventsWaitingForPacketMiddlewareAreBounded() async throws {
        let server = TestServer { $0.maxQueuedEvents = 3 }
        let gate = Gate()
        let reasons = Recorder<DisconnectReason>()
        server.io.onConnection { (socket: Socket) in
            socket.use { _ in await gate.wait() }
        }
        server.io.sockets.onDisconnect { _, reason in reasons.append(reason) }
        let client = try await server.client()
        _ = try await client.connect()
        // One event in middleware, three waiting, the fifth is one too many.
        for n in 1...5 { client.send(#"42["n",\#(n)]"#) }
        try await client.waitForClose()
        #expect(try await reasons.first() == .forcedServerClose)
        gate.open()
    }
}
