import EngineParser
import Testing

@Suite struct EnginePayloadTests {
    /// Which decoder reads a vector (v3 files say `form`).
    static func decode(_ vector: [String: Any], version: EngineProtocolVersion) -> Result<[Packet], EngineError> {
        let bytes = Vectors.wire(vector) ?? []
        let options = Vectors.options(vector)
        if version == .v4 { return decodeEveryWay(EngineV4PayloadDecoder.self, bytes, options: options) }
        if (vector["form"] as? String) == "binary" {
            return decodeEveryWay(EngineV3BinaryPayloadDecoder.self, bytes, options: options)
        }
        return decodeEveryWay(EngineV3PayloadDecoder.self, bytes, options: options)
    }

    static func encode(_ packets: [Packet], version: EngineProtocolVersion, binaryForm: Bool) -> [UInt8] {
        var out: [UInt8] = []
        if version == .v4 {
            EngineV4PayloadEncoder.encode(packets, into: &out)
        } else if binaryForm {
            EngineV3PayloadEncoder.encodeBinary(packets, into: &out)
        } else {
            EngineV3PayloadEncoder.encodeText(packets, into: &out)
        }
        return out
    }

    static let files = [("engineio-v4-payloads.json", EngineProtocolVersion.v4), ("engineio-v3-payloads.json", .v3)]

    @Test(arguments: files)
    func validVectorsDecodeEveryWayAndRoundTrip(file: String, version: EngineProtocolVersion) throws {
        let vectors = try Vectors.load(file)
        var cases = Vectors.cases(vectors, "valid")
        cases += Vectors.cases(vectors, "limits").filter { $0["packets"] != nil }
        #expect(cases.count >= 10)
        for vector in cases {
            let name = vector["name"] as? String ?? "?"
            let expected = try #require(Vectors.packets(vector["packets"]), "\(name)")
            switch Self.decode(vector, version: version) {
            case .failure(let error):
                Issue.record("\(name): \(error)")
            case .success(let packets):
                #expect(packets == expected, "\(name)")
                let binaryForm = (vector["form"] as? String) == "binary"
                let out = Self.encode(packets, version: version, binaryForm: binaryForm)
                #expect(out == (Vectors.wire(vector, "reencoded") ?? Vectors.wire(vector)), "\(name)")
                var again = Vectors.cases(["x": [vector]], "x")[0]
                again["encoded"] = nil
                again["encodedHex"] = Vectors.toHex(out)
                #expect((try? Self.decode(again, version: version).get()) == packets, "\(name) re-decoded")
            }
        }
    }

    @Test(arguments: files)
    func invalidVectorsFailEveryWayWithTheirError(file: String, version: EngineProtocolVersion) throws {
        let vectors = try Vectors.load(file)
        let cases = Vectors.cases(vectors, "invalid") + Vectors.cases(vectors, "limits").filter { $0["error"] != nil }
        #expect(cases.count >= 10)
        for vector in cases {
            let name = vector["name"] as? String ?? "?"
            switch Self.decode(vector, version: version) {
            case .success(let packets):
                Issue.record("\(name): decoded \(packets), expected \(vector["error"] ?? "")")
            case .failure(let error):
                #expect(error.name == vector["error"] as? String, "\(name): \(error)")
                #expect(error.offset == vector["offset"] as? Int, "\(name): \(error)")
            }
        }
    }

    @Test(arguments: files)
    func chunkedVectorsDecodeFromTheirParts(file: String, version: EngineProtocolVersion) throws {
        var seen = 0
        for vector in Vectors.cases(try Vectors.load(file), "valid") {
            guard let parts = vector["encodedParts"] as? [String] else { continue }
            seen += 1
            let chunks = parts.map { part in
                part.hasPrefix("hex:") ? Vectors.hex(String(part.dropFirst(4)))[...] : Array(part.utf8)[...]
            }
            #expect(Array(chunks.joined()) == Vectors.wire(vector))
            let decoded: Result<[Packet], EngineError> = version == .v4
                ? feed(EngineV4PayloadDecoder.self, chunks)
                : (vector["form"] as? String) == "binary" ? feed(EngineV3BinaryPayloadDecoder.self, chunks)
                : feed(EngineV3PayloadDecoder.self, chunks)
            #expect(try decoded.get() == Vectors.packets(vector["packets"]))
        }
        #expect(seen >= 1)
    }

    @Test func budgetSplitsAsTheReferenceClient() throws {
        let budget = try #require(try Vectors.load("engineio-v4-payloads.json")["budget"] as? [String: Any])
        let cases = Vectors.cases(budget, "cases")
        #expect(cases.count >= 8)
        for vector in cases {
            let name = vector["name"] as? String ?? "?"
            let packets = try #require(Vectors.packets(vector["packets"]), "\(name)")
            let maxPayload = try #require(vector["maxPayload"] as? Int)
            var rest = packets[...]
            var batches: [Int] = []
            while !rest.isEmpty {
                var out: [UInt8] = []
                let count = EngineV4PayloadEncoder.encode(rest, maxPayload: maxPayload, into: &out)
                #expect(count >= 1, "\(name): every payload carries at least one packet")
                // The payload holds exactly those packets.
                let decoded = try feed(EngineV4PayloadDecoder.self, [out[...]]).get()
                #expect(decoded == Array(rest.prefix(count)), "\(name)")
                batches.append(count)
                rest = rest.dropFirst(count)
            }
            #expect(batches == vector["batches"] as? [Int], "\(name)")
        }
    }

    @Test func decodedPacketsAreSlicesOfTheBody() throws {
        let body: [UInt8] = Array("4hello\u{1e}2probe".utf8)
        var buffer = body[...]
        var decoder = EngineV4PayloadDecoder()
        let first = try #require(try decoder.next(&buffer, isComplete: true))
        guard case .text(let text) = first.data else { Issue.record("not text"); return }
        #expect(text.indices == 1..<6)
        #expect(buffer.startIndex == 7)
        let second = try #require(try decoder.next(&buffer, isComplete: true))
        #expect(second == Packet(type: .ping, data: .text(Array("probe".utf8)[...])))
        #expect(try decoder.next(&buffer, isComplete: true) == nil)
        #expect(decoder.isFinished && decoder.packetCount == 2 && decoder.consumed == body.count)
    }

    @Test func bytesAfterTheEndAreAnError() throws {
        var buffer = Array("0:".utf8)[...]
        var decoder = EngineV3PayloadDecoder()
        #expect(try decoder.next(&buffer, isComplete: true) == nil)
        #expect(decoder.isFinished)
        buffer.append(0x31)
        #expect(throws: EngineError.truncatedPayload.at(2)) { try decoder.next(&buffer, isComplete: true) }
    }

    @Test func everyDecoderRefusesBytesAfterItFinished() throws {
        var v4 = Array("4a".utf8)[...]
        var v4decoder = EngineV4PayloadDecoder()
        #expect(try v4decoder.next(&v4, isComplete: true) != nil)
        #expect(v4decoder.isFinished)
        v4.append(0x32)
        #expect(throws: EngineError.truncatedPayload.at(2)) { try v4decoder.next(&v4, isComplete: true) }
        var binary: Slice = []
        var binaryDecoder = EngineV3BinaryPayloadDecoder()
        #expect(try binaryDecoder.next(&binary, isComplete: true) == nil)
        #expect(binaryDecoder.isFinished)
        binary.append(0)
        #expect(throws: EngineError.truncatedPayload.at(0)) { try binaryDecoder.next(&binary, isComplete: true) }
    }

    @Test func oversizedRecordIsRefusedBeforeItArrivesWhole() throws {
        // 11 bytes of a packet with no separator yet, budget 10: refused without waiting for the rest.
        var buffer = Array("4aaaaaaaaaa".utf8)[...]
        var decoder = EngineV4PayloadDecoder(options: EngineParserOptions(maxPayloadBytes: 10))
        #expect(throws: EngineError.payloadTooLarge.at(10)) { try decoder.next(&buffer, isComplete: false) }
        // A v3 length above the budget is refused at its digits, before any content.
        var v3 = Array("99999999".utf8)[...]
        var v3decoder = EngineV3PayloadDecoder(options: EngineParserOptions(maxPayloadBytes: 1000))
        #expect(throws: EngineError.payloadTooLarge.at(3)) { try v3decoder.next(&v3, isComplete: false) }
        var binary: Slice = [1, 9, 9, 9, 9, 9, 9, 9]
        var binaryDecoder = EngineV3BinaryPayloadDecoder(options: EngineParserOptions(maxPayloadBytes: 1000))
        #expect(throws: EngineError.payloadTooLarge.at(4)) { try binaryDecoder.next(&binary, isComplete: false) }
    }

    @Test func hugeLimitsCannotOverflowALength() {
        let options = EngineParserOptions(maxPayloadBytes: .max, maxLengthDigits: 40)
        let digits = Array(repeating: UInt8(0x39), count: 25)
        #expect(throws: EngineError.payloadTooLarge.at(18)) {
            try feed(EngineV3PayloadDecoder.self, [(digits + [0x3A])[...]], options: options).get()
        }
        #expect(throws: EngineError.payloadTooLarge.at(19)) {
            try feed(EngineV3BinaryPayloadDecoder.self, [([1] + Array(repeating: 9, count: 25) + [0xFF])[...]],
                     options: options).get()
        }
        // The largest length that fits is refused only because the bytes are not there.
        let max = Array(String(Int.max).utf8)
        #expect(throws: EngineError.truncatedPayload.at(max.count + 2)) {
            try feed(EngineV3PayloadDecoder.self, [(max + [0x3A, 0x34])[...]], options: options).get()
        }
    }

    /// A slow sender delivering a large packet one byte per read: decoders resume where they stopped instead of
    /// rescanning (a rescan would make this quadratic: billions of steps for these 128 KB).
    @Test func largePacketOneByteAtATime() throws {
        let text = String(repeating: "ab€😀", count: 64 * 1024 / 10)
        let packet = Packet(type: .message, data: .text(Array(text.utf8)[...]))
        var v4: [UInt8] = []
        EngineV4PayloadEncoder.encode([packet, packet], into: &v4)
        var v3: [UInt8] = []
        EngineV3PayloadEncoder.encodeText([packet, packet], into: &v3)
        func trickle<D: StreamingPayloadDecoder>(_ type: D.Type, _ body: [UInt8]) throws -> [Packet] {
            var decoder = D(options: EngineParserOptions())
            var buffer: Slice = []
            var packets: [Packet] = []
            for (i, byte) in body.enumerated() {
                buffer.append(byte)
                while let packet = try decoder.next(&buffer, isComplete: i == body.count - 1) { packets.append(packet) }
            }
            return packets
        }
        #expect(try trickle(EngineV4PayloadDecoder.self, v4) == [packet, packet])
        #expect(try trickle(EngineV3PayloadDecoder.self, v3) == [packet, packet])
    }

    @Test func v3LengthsCountUTF16CodeUnits() throws {
        let texts = ["a", "é", "€", "😀", "a😀b€é", String(repeating: "𝄞x", count: 40)]
        for text in texts {
            let packets = [Packet(type: .message, data: .text(Array(text.utf8)[...]))]
            var out: [UInt8] = []
            EngineV3PayloadEncoder.encodeText(packets, into: &out)
            #expect(out == Array("\(1 + text.utf16.count):4\(text)".utf8), "\(text)")
            #expect(try feed(EngineV3PayloadDecoder.self, [out[...]]).get() == packets)
        }
    }

    @Test func manyPacketsDecodeInOrder() throws {
        var packets: [Packet] = []
        for i in 0..<300 {
            packets.append(i % 7 == 0
                ? Packet.binary((0..<UInt8(i % 50)).map { $0 &* 3 }[...])
                : Packet(type: .message, data: .text(Array("2[\"e\",\(i),\"ü😀\"]".utf8)[...])))
        }
        for (version, binaryForm) in [(EngineProtocolVersion.v4, false), (.v3, false), (.v3, true)] {
            let out = Self.encode(packets, version: version, binaryForm: binaryForm)
            let decoded: Result<[Packet], EngineError> = version == .v4
                ? feed(EngineV4PayloadDecoder.self, [out[...]])
                : binaryForm ? feed(EngineV3BinaryPayloadDecoder.self, [out[...]])
                : feed(EngineV3PayloadDecoder.self, [out[...]])
            #expect(try decoded.get() == packets, "\(version) binary: \(binaryForm)")
            // Fed in 7-byte chunks, as a slow sender would.
            let chunks = stride(from: 0, to: out.count, by: 7).map { out[$0..<min($0 + 7, out.count)] }
            let chunked: Result<[Packet], EngineError> = version == .v4
                ? feed(EngineV4PayloadDecoder.self, chunks)
                : binaryForm ? feed(EngineV3BinaryPayloadDecoder.self, chunks)
                : feed(EngineV3PayloadDecoder.self, chunks)
            #expect(try chunked.get() == packets)
        }
    }

    @Test func defaultLimitsAreTheDocumentedOnes() {
        let options = EngineParserOptions()
        #expect(options.maxPayloadBytes == 1_000_000)
        #expect(options.maxPacketsPerPayload == 10_000)
        #expect(options.maxLengthDigits == 10)
        #expect(options.validateUTF8)
    }

    @Test func v4UTF8ValidationCanBeTurnedOff() throws {
        let body: [UInt8] = [0x34, 0xFF]
        #expect(throws: EngineError.invalidUTF8.at(1)) { try feed(EngineV4PayloadDecoder.self, [body[...]]).get() }
        let lax = EngineParserOptions(validateUTF8: false)
        #expect(try feed(EngineV4PayloadDecoder.self, [body[...]], options: lax).get().count == 1)
    }
}
