import NIOCore
import Testing
import WSFraming

/// permessage-deflate compression and decompression (RFC 7692 §7.2), driven by Tests/Vectors/ws-deflate.json.
@Suite struct DeflateTests {
    typealias S = DeflateTestSupport

    @Test func rfcMessagesInflateWholeByteByByteAndSplitAtEveryIndex() throws {
        let cases = try S.cases("ws-deflate.json", "messages")
        #expect(cases.count >= 6)
        for vector in cases {
            let name = vector["name"] as? String ?? "?"
            let parts = (vector["encodedParts"] as? [String] ?? []).map(S.part)
            let expected = Array((vector["decoded"] as? String ?? "").utf8)
            #expect(try S.inflate(try S.server(), parts) == expected, "\(name) as given")
            for fragments in S.splits(parts.flatMap { $0 }) {
                #expect(try S.inflate(try S.server(), fragments) == expected, "\(name) in \(fragments.count) parts")
            }
        }
    }

    @Test func rfcSharedWindowNeedsContextTakeover() throws {
        for vector in try S.cases("ws-deflate.json", "contextTakeover") {
            let messages = vector["messages"] as? [[String: Any]] ?? []
            let codec = try S.server()
            for message in messages {
                let parts = (message["encodedParts"] as? [String] ?? []).map(S.part)
                #expect(try S.inflate(codec, parts) == Array((message["decoded"] as? String ?? "").utf8))
            }
            // Reset after every message (client_no_context_takeover): the second message refers to a lost window.
            let reset = try S.server(PerMessageDeflateParameters(clientNoContextTakeover: true))
            let first = (messages[0]["encodedParts"] as? [String] ?? []).map(S.part)
            let second = (messages[1]["encodedParts"] as? [String] ?? []).map(S.part)
            _ = try S.inflate(reset, first)
            #expect(throws: WSError.invalidPayloadData) { try S.inflate(reset, second) }
        }
    }

    @Test func rfcCompressionOutput() throws {
        for vector in try S.cases("ws-deflate.json", "compress") {
            let codec = try S.server()
            if let previous = vector["previous"] as? String { _ = try S.deflate(codec, Array(previous.utf8)) }
            let output = try #require(try S.deflate(codec, Array((vector["text"] as? String ?? "").utf8)))
            #expect(S.hex(output) == vector["encodedHex"] as? String, "\(vector["name"] ?? "?")")
        }
    }

    @Test func serverNoContextTakeoverCompressesEveryMessageAlike() throws {
        let codec = try S.server(PerMessageDeflateParameters(serverNoContextTakeover: true))
        let hello = Array("Hello".utf8)
        #expect(try S.deflate(codec, hello).map(S.hex) == "f248cdc9c90700")
        #expect(try S.deflate(codec, hello).map(S.hex) == "f248cdc9c90700")
    }

    @Test func emptyMessageCompressesToOneZeroByte() throws {
        #expect(try S.deflate(try S.server(), []) == [0x00])
    }

    @Test func invalidStreamsFailWith1007() throws {
        for vector in try S.cases("ws-deflate.json", "invalid") {
            let parts = (vector["encodedParts"] as? [String] ?? []).map(S.part)
            #expect(throws: WSError.invalidPayloadData, "\(vector["name"] ?? "?")") {
                try S.inflate(try S.server(), parts)
            }
        }
        // A corrupt compressed payload fails the connection with 1007, zip bombs with 1009.
        #expect(WSError.invalidPayloadData.closeCode == .invalidPayloadData)
        #expect(WSError.messageTooBig.closeCode == .messageTooBig)
    }

    @Test func messagesBelowThresholdStayUncompressed() throws {
        let codec = try S.server(threshold: 1024)
        #expect(try S.deflate(codec, Array(repeating: 65, count: 1023)) == nil)
        #expect(try S.deflate(codec, Array(repeating: 65, count: 1024)) != nil)
        let defaults = try PerMessageDeflate(parameters: PerMessageDeflateParameters(), role: .server)
        #expect(defaults.threshold == 1024)
    }

    @Test func roundTripKeepsAndDropsContextAsNegotiated() throws {
        let text = Array(#"{"event":"message","data":{"user":"alice","text":"hello there, how are you?"}}"#.utf8)
        for serverReset in [false, true] {
            for clientReset in [false, true] {
                for bits in [9, 12, 15] {
                    let agreed = PerMessageDeflateParameters(
                        serverNoContextTakeover: serverReset, clientNoContextTakeover: clientReset,
                        serverMaxWindowBits: bits, clientMaxWindowBits: bits)
                    let server = try S.server(agreed)
                    let client = try S.client(agreed)
                    for round in 0..<5 {
                        let message = text + Array(String(round).utf8)
                        let down = try #require(try S.deflate(server, message))
                        #expect(try S.inflate(client, [down]) == message)
                        let up = try #require(try S.deflate(client, message))
                        let half = up.count / 2
                        #expect(try S.inflate(server, [Array(up[..<half]), Array(up[half...])]) == message)
                        if round > 0 && !serverReset { #expect(down.count < message.count / 2) }
                    }
                }
            }
        }
    }

    @Test func largeMessagesRoundTrip() throws {
        var message: [UInt8] = []
        var seed: UInt32 = 12345
        for i in 0..<300_000 {
            seed = seed &* 1_103_515_245 &+ 12345
            message.append(i % 3 == 0 ? UInt8(truncatingIfNeeded: seed >> 16) : UInt8(ascii: "a") + UInt8(i % 7))
        }
        let server = try S.server()
        let client = try S.client()
        let compressed = try #require(try S.deflate(client, message))
        let fragments = stride(from: 0, to: compressed.count, by: 1000).map {
            Array(compressed[$0..<min($0 + 1000, compressed.count)])
        }
        #expect(try S.inflate(server, fragments) == message)
    }

    @Test func zipBombStopsAtTheLimitWhileInflating() throws {
        let bomb = try #require(try S.deflate(try S.client(), Array(repeating: 0, count: 20_000_000)))
        #expect(bomb.count < 30_000)
        for limit in [0, 1, 1000, 65_536, 1_000_000] {
            var output = ByteBuffer()
            #expect(throws: WSError.messageTooBig) {
                try S.server().decompress(ByteBuffer(bytes: bomb), isFinal: true, into: &output, limit: limit)
            }
            #expect(output.readableBytes <= limit + 1)
            #expect(output.capacity <= max(limit, 1024) * 2 + 65_536 * 2)
        }
        // Exactly at the limit is accepted.
        let exact = try #require(try S.deflate(try S.client(), Array(repeating: 7, count: 5000)))
        var output = ByteBuffer()
        try S.server().decompress(ByteBuffer(bytes: exact), isFinal: true, into: &output, limit: 5000)
        #expect(output.readableBytes == 5000)
    }

    @Test func limitCountsBytesAlreadyInTheOutput() throws {
        let compressed = try #require(try S.deflate(try S.client(), Array(repeating: 1, count: 100)))
        var output = ByteBuffer(bytes: Array(repeating: 9, count: 950))
        #expect(throws: WSError.messageTooBig) {
            try S.server().decompress(ByteBuffer(bytes: compressed), isFinal: true, into: &output, limit: 1000)
        }
    }

    @Test func truncatedMessageIsRejectedBeforeItCorruptsTheWindow() throws {
        // "Hello" cut before its end-of-block code: appending the tail cannot complete a sync flush.
        #expect(throws: WSError.invalidPayloadData) { try S.inflate(try S.server(), [[0xF2, 0x48, 0xCD]]) }
        // Empty compressed messages leave the shared window usable for the next message.
        let codec = try S.server()
        #expect(try S.inflate(codec, [[]]) == [])
        #expect(try S.inflate(codec, [S.bytes(hex: "f248cdc9c90700")]) == Array("Hello".utf8))
        #expect(try S.inflate(codec, [[], []]) == [])
        #expect(try S.inflate(codec, [S.bytes(hex: "f200110000")]) == Array("Hello".utf8))
    }

    @Test func closedCodecThrowsInsteadOfCrashing() throws {
        let codec = try S.server()
        codec.close()
        codec.close()
        #expect(throws: WSError.internalError) { try S.deflate(codec, [1, 2, 3]) }
        #expect(throws: WSError.internalError) { try S.inflate(codec, [[0]]) }
    }

    @Test func clientLimitedToEightBitsIsRefusedByZlib() throws {
        #expect(throws: WSError.internalError) {
            try S.client(PerMessageDeflateParameters(clientMaxWindowBits: 8))
        }
    }

    @Test func replaysFuzzInflateFailCases() throws {
        for (name, data) in try DeflateFuzzReplay.failCases("FuzzInflate") {
            let input = DeflateFuzzReplay.split(data)
            #expect(S.inflateCheck(input.chunks, payload: input.payload) == nil, "\(name)")
        }
        // The check itself can fail: a payload that inflates fine passes, proving it ran.
        #expect(S.inflateCheck([ArraySlice(S.bytes(hex: "f248cdc9c90700"))], payload: [1, 2, 3]) == nil)
    }
}
