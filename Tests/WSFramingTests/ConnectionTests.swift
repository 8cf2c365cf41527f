import NIOCore
import Testing

@testable import WSFraming

/// A readable trace of what a connection did, in the vector files' terms.
func describe(_ actions: [WSConnection.Action], role: WSRole) -> [String] {
    actions.map { action in
        switch action {
        case .message(let message):
            message.kind == .text ? "text:\(message.text)" : "binary:\(hexString(message.payload.readableBytesView))"
        case .ping(let payload): "ping:\(String(buffer: payload))"
        case .pong(let payload): "pong:\(String(buffer: payload))"
        case .peerClosed(let close): "close:\(close.code.map { String($0.rawValue) } ?? "")"
        case .failed(let error): "failed:\(error.closeCode.rawValue)"
        case .write(let bytes): "write:\(describeWritten(bytes, role: role))"
        case .startCloseTimer: "timer"
        case .closeTransport: "closeTransport"
        }
    }
}

/// Parses what a connection wrote, as its peer would.
func describeWritten(_ bytes: ByteBuffer, role: WSRole) -> String {
    var parser = WSFrameParser(role: role == .server ? .client : .server)
    var input = bytes
    guard let frame = try? parser.parseStep(&input) else { return "raw \(hexString(bytes.readableBytesView))" }
    return "\(frame.opcode) \(hexString(frame.payload.readableBytesView))"
}

/// Runs a connection over `chunks` (one accumulating buffer, as a channel handler would).
func run(_ chunks: [ArraySlice<UInt8>], configuration: WSConnection.Configuration) -> [String] {
    var connection = WSConnection(configuration: configuration)
    var input = ByteBuffer()
    var trace: [String] = []
    for chunk in chunks {
        input.writeBytes(chunk)
        trace += describe(connection.receive(&input), role: configuration.role)
    }
    return trace
}

@Suite struct ConnectionTests {
    @Test func connectionVectorsEveryWay() throws {
        for vector in try FrameVectors.load().connection {
            let bytes = hexBytes(vector.encodedHex)
            let whole = run([bytes[...]], configuration: .init(role: role(vector.role)))
            let events = whole.filter { !$0.hasPrefix("write:") && $0 != "timer" && $0 != "closeTransport" }
            let expected = vector.events.map { event -> String in
                switch event.kind {
                case "failed": "failed:\(errorKind(event.data)!.closeCode.rawValue)"
                default: "\(event.kind):\(event.data)"
                }
            }
            #expect(events == expected, "\(vector.name): \(whole)")
            for chunks in splits(of: bytes) {
                #expect(run(chunks, configuration: .init(role: role(vector.role))) == whole, "\(vector.name) \(chunks.map(\.count))")
            }
        }
    }

    @Test func pingIsAnsweredAndReported() {
        let trace = run([hexBytes("890548656c6c6f")[...]], configuration: .init(role: .client))
        #expect(trace == ["write:pong 48656c6c6f", "ping:Hello"])
    }

    @Test func peerCloseIsEchoedThenTheServerDropsTheTransport() {
        let trace = run([hexBytes("8882010203040" + "2ea")[...]], configuration: .init(role: .server))
        #expect(trace == ["close:1000", "write:close 03e8", "closeTransport"])
        // An empty close is answered with an empty close.
        #expect(run([hexBytes("888001020304")[...]], configuration: .init(role: .server)) == ["close:", "write:close ", "closeTransport"])
    }

    @Test func protocolErrorsSendTheirCodeAndClose() {
        let trace = run([hexBytes("8300")[...]], configuration: .init(role: .client))
        #expect(trace.count == 3)
        #expect(trace[0] == "failed:1002")
        #expect(trace[1].hasPrefix("write:close 03ea"))
        #expect(trace[2] == "closeTransport")
        let utf8 = run([hexBytes("8101ff")[...]], configuration: .init(role: .client))
        #expect(utf8.first == "failed:1007")
        #expect(utf8.dropFirst().first?.hasPrefix("write:close 03ef") == true)
    }

    @Test func messageLimitsApplyAcrossFragments() {
        var limits = WSLimits()
        limits.maxMessageSize = 4
        let over = run([hexBytes("010361626380026364")[...]], configuration: .init(role: .client, limits: limits))
        #expect(over.first == "failed:1009")
        limits.maxMessageSize = 5
        #expect(run([hexBytes("010361626380026364")[...]], configuration: .init(role: .client, limits: limits)) == ["text:abccd"])
        limits.maxFragmentsPerMessage = 2
        let fragments = run([hexBytes("010161000162000163800164")[...]], configuration: .init(role: .client, limits: limits))
        #expect(fragments.first == "failed:1009")
    }

    @Test func messageLimitIsCheckedFromTheHeaderOfTheNextFragment() {
        var limits = WSLimits()
        limits.maxMessageSize = 100
        // 60 bytes joined, then the header of a 50-byte continuation: fails before its payload arrives.
        let first = hexBytes("023c") + [UInt8](repeating: 1, count: 60)
        var connection = WSConnection(configuration: .init(role: .client, limits: limits))
        var input = buffer(first + hexBytes("8032"))
        #expect(describe(connection.receive(&input), role: .client).first == "failed:1009")
        // A single frame over the message limit (but within the frame limit) fails from its header too.
        var single = WSConnection(configuration: .init(role: .client, limits: limits))
        var header = buffer(hexBytes("827e0100"))
        #expect(describe(single.receive(&header), role: .client).first == "failed:1009")
    }

    @Test func badUTF8FailsBeforeTheFrameIsComplete() {
        // Autobahn 6.4.x: the invalid byte arrives, the rest of the frame does not; the connection fails anyway.
        let frame = hexBytes("8115") + hexBytes("cebae1bdb9cf83cebcceb5f4908080656469746564")
        let trace = run([frame[..<14], frame[14...]], configuration: .init(role: .client))
        #expect(trace.first == "failed:1007")
        var connection = WSConnection(configuration: .init(role: .client))
        var input = buffer(frame[..<15])
        let actions = describe(connection.receive(&input), role: .client)
        #expect(actions.first == "failed:1007")
        // The same frame split in good places is validated once and delivered.
        let good = hexBytes("810b") + hexBytes("cebae1bdb9cf83cebcceb5")
        for cut in 2..<good.count {
            #expect(run([good[..<cut], good[cut...]], configuration: .init(role: .client)) == ["text:κόσμε"])
        }
        // A masked continuation frame checks its partial payload against the message so far.
        let key = WSMaskKey(1, 2, 3, 4)
        var wire = ByteBuffer()
        WSFrameEncoder.write(WSFrame(fin: false, opcode: .text, maskKey: key, payload: buffer([0xCE])), to: &wire)
        WSFrameEncoder.write(WSFrame(opcode: .continuation, maskKey: key, payload: buffer([0xBA, 0x41, 0xFF, 0x42])), to: &wire)
        let bytes = Array(wire.readableBytesView)
        #expect(run([bytes[..<(bytes.count - 1)]], configuration: .init(role: .server)).first == "failed:1007")
    }

    @Test func receiveNextLetsTheCallerReplyBeforeALaterBadFrame() {
        // Autobahn-style echo: a good message and a bad frame in one read; the echo must go out before the close.
        var connection = WSConnection(configuration: .init(role: .client))
        var input = buffer(hexBytes("810161" + "8300" + "810162"))
        var trace: [String] = []
        while true {
            let actions = connection.receiveNext(&input)
            if actions.isEmpty { break }
            trace += describe(actions, role: .client)
            for case .message(let message) in actions {
                trace += describe(connection.send(message), role: .client)
            }
        }
        #expect(trace == ["text:a", "write:text 61", "failed:1002", "write:close 03ea7265736572766564206f70636f64652033", "closeTransport"])
        #expect(input.readableBytes == 0)
        // Whole-read `receive` reports the same events in the same order.
        var whole = WSConnection(configuration: .init(role: .client))
        var again = buffer(hexBytes("810161" + "8300" + "810162"))
        #expect(describe(whole.receive(&again), role: .client) == ["text:a", "failed:1002", "write:close 03ea7265736572766564206f70636f64652033", "closeTransport"])
    }

    @Test func receiveNextIntoAReusedArrayReportsWhatReceiveNextReturns() {
        // A ping, two messages and a bad frame in one read, taken one message at a time through one array that is
        // emptied (capacity kept) between calls, as the server's handler does.
        let wire = hexBytes("890170" + "810161" + "820162" + "8300" + "810163")
        var returning = WSConnection(configuration: .init(role: .client))
        var appending = WSConnection(configuration: .init(role: .client))
        var first = buffer(wire)
        var second = buffer(wire)
        var scratch: [WSConnection.Action] = []
        var rounds = 0
        while true {
            let returned = returning.receiveNext(&first)
            appending.receiveNext(&second, into: &scratch)
            #expect(describe(scratch, role: .client) == describe(returned, role: .client))
            #expect(first.readableBytes == second.readableBytes)
            if returned.isEmpty { break }
            scratch.removeAll(keepingCapacity: true)
            rounds += 1
        }
        #expect(rounds == 3)
        // Appending keeps what the array already held.
        var third = buffer(hexBytes("810161"))
        var fresh = WSConnection(configuration: .init(role: .client))
        var held: [WSConnection.Action] = [.startCloseTimer(.seconds(1))]
        fresh.receiveNext(&third, into: &held)
        #expect(describe(held, role: .client) == ["timer", "text:a"])
    }

    @Test func localCloseStartsTheTimer() {
        var connection = WSConnection(configuration: .init(role: .server, closeTimeout: .seconds(2)))
        let closing = connection.close(code: .goingAway, reason: "bye")
        #expect(describe(closing, role: .server) == ["write:close 03e9627965", "timer"])
        #expect(connection.send(text: "late").isEmpty)
        #expect(describe(connection.closeTimerFired(), role: .server) == ["closeTransport"])
        var input = buffer(hexBytes("810161"))
        #expect(connection.receive(&input).isEmpty)
        #expect(input.readableBytes == 0)
    }

    @Test func sendingFramesByRole() throws {
        var server = WSConnection(configuration: .init(role: .server))
        #expect(describe(server.send(text: "hi"), role: .server) == ["write:text 6869"])
        var client = WSConnection(configuration: .init(role: .client))
        let actions = client.send(WSMessage(kind: .binary, payload: buffer([1, 2, 3])))
        guard case .write(let bytes) = try #require(actions.first) else {
            Issue.record("expected a write")
            return
        }
        #expect(bytes.getInteger(at: 1, as: UInt8.self)! & 0x80 != 0)
        #expect(describe(actions, role: .client) == ["write:binary 010203"])
        #expect(describe(client.sendPing(buffer([7])), role: .client) == ["write:ping 07"])
    }
}
