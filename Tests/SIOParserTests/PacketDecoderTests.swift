import SIOParser
import Testing

typealias PacketTestDecoder = SIOPacketDecoder<ArraySlice<UInt8>>

/// Feeds `messages` to a fresh decoder and returns every result, or the error and the index that raised it.
func packetFeed(
    _ messages: [PacketVector.Message], _ options: SIOPacketOptions
) -> (results: [SIODecodeResult<ArraySlice<UInt8>>], error: (SIOPacketError, Int)?) {
    var decoder = PacketTestDecoder(options: options)
    var results: [SIODecodeResult<ArraySlice<UInt8>>] = []
    for (index, message) in messages.enumerated() {
        do {
            switch message {
            case .text(let bytes): results.append(try decoder.receive(text: bytes[...]))
            case .binary(let bytes): results.append(try decoder.receive(binary: bytes[...]))
            }
        } catch {
            return (results, (error, index))
        }
    }
    return (results, nil)
}

/// Checks a decoded packet against a valid vector's expectation.
func expectPacketMatches(_ packet: SIOPacket<ArraySlice<UInt8>>, _ vector: PacketVector) {
    guard let expected = vector.packet else { return }
    #expect(Int(packet.type.rawValue) == expected["type"] as? Int, "\(vector)")
    #expect(packet.namespace == expected["nsp"] as? String, "\(vector)")
    #expect(packet.ackID == (expected["id"] as? Int).map(UInt64.init), "\(vector)")
    #expect(packet.query.map { String(decoding: $0, as: UTF8.self) } == expected["query"] as? String, "\(vector)")
    #expect(packet.payload?.root.decodedValue() == vector.data, "\(vector)")
    #expect(packet.attachments.map(Array.init) == vector.attachments, "\(vector)")
    #expect(packet.header.attachmentCount == vector.attachments.count, "\(vector)")
}

@Suite struct PacketDecoderTests {
    /// Every valid vector decodes: intermediate results count down the attachments, the last is the packet.
    @Test(arguments: PacketVector.valid)
    func validVector(_ vector: PacketVector) throws {
        let (results, error) = packetFeed(vector.messages, vector.options)
        #expect(error == nil, "\(vector): \(String(describing: error))")
        try #require(results.count == vector.messages.count)
        for (index, result) in results.dropLast().enumerated() {
            guard case .needsAttachments(let remaining) = result else {
                Issue.record("\(vector): message \(index) completed a packet early")
                continue
            }
            #expect(remaining == vector.messages.count - 1 - index)
        }
        let packet = try #require(results.last?.packet)
        expectPacketMatches(packet, vector)
    }

    /// Every invalid vector fails with the named error at the named message, and not before.
    @Test(arguments: PacketVector.invalid)
    func invalidVector(_ vector: PacketVector) throws {
        let (results, error) = packetFeed(vector.messages, vector.options)
        let (thrown, index) = try #require(error, "\(vector) decoded: \(results)")
        #expect(thrown.kind == vector.error, "\(vector): \(thrown)")
        #expect(index == vector.errorAtPart, "\(vector)")
        #expect(thrown.offset >= 0 && thrown.offset <= max(vector.text.count, 1))
        #expect(!thrown.detail.isEmpty)
    }

    /// Every prefix of every text packet decodes or fails with a packet error; the whole one gives the vector's result.
    @Test(arguments: PacketVector.all)
    func everyPrefix(_ vector: PacketVector) {
        guard case .text(let text) = vector.messages.first else { return }
        for end in 0..<text.count {
            var decoder = PacketTestDecoder(options: vector.options)
            _ = try? decoder.receive(text: text[0..<end])
        }
        var decoder = PacketTestDecoder(options: vector.options)
        let whole = Result { () throws(SIOPacketError) in try decoder.receive(text: text[...]) }
        switch whole {
        case .success(let result):
            #expect(vector.error == nil || vector.errorAtPart > 0, "\(vector)")
            if vector.messages.count == 1, let packet = result.packet { expectPacketMatches(packet, vector) }
        case .failure(let error):
            #expect(vector.errorAtPart == 0 && error.kind == vector.error, "\(vector): \(error)")
        }
    }

    /// The packet slices a buffer that does not start at index 0, as a transport's buffer view would.
    @Test func offsetSlices() throws {
        let bytes =
            Array("xxxx".utf8)
            + Array(#"52-/admin,7["a",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}]"#.utf8)
        let attachments = Array("..AB..CD".utf8)
        var decoder = PacketTestDecoder()
        #expect(try decoder.receive(text: bytes[4...]).packet == nil)
        #expect(decoder.isAwaitingAttachments)
        _ = try decoder.receive(binary: attachments[2..<4])
        let packet = try #require(try decoder.receive(binary: attachments[6..<8]).packet)
        #expect(packet.namespace == "/admin")
        #expect(packet.namespaceEquals("/admin"))
        #expect(!packet.namespaceEquals("/"))
        #expect(packet.ackID == 7)
        #expect(packet.eventName?.stringEquals("a") == true)
        #expect(packet.arguments.count == 2)
        #expect(packet.decodedArguments() == [.binary(Array("CD".utf8)), .binary(Array("AB".utf8))])
        #expect(!decoder.isAwaitingAttachments)
    }

    @Test func errorOffsetsAreRelativeToThePacket() throws {
        let bytes = Array("xxxx".utf8) + Array(#"2/a,["b",]"#.utf8)
        var decoder = PacketTestDecoder()
        #expect(throws: SIOPacketError.invalidJSON) { try decoder.receive(text: bytes[4...]) }
        do {
            _ = try decoder.receive(text: bytes[4...])
        } catch {
            #expect(error.offset == 9)
        }
    }

    @Test func mainNamespaceAccessors() throws {
        var decoder = PacketTestDecoder()
        let packet = try #require(try decoder.receive(text: Array(#"2["chat",{"a":1}]"#.utf8)[...]).packet)
        #expect(packet.namespaceBytes == nil)
        #expect(packet.namespace == "/")
        #expect(packet.namespaceEquals("/"))
        #expect(packet.eventName?.stringValue == "chat")
        #expect(packet.eventNameBytes.map { Array($0) } == Array(#""chat""#.utf8))
        #expect(packet.eventNameEquals("chat"))
        #expect(!packet.eventNameEquals("chat2"))
        #expect(!packet.eventNameEquals("cha"))
        #expect(packet.decodedArguments() == [.object(["a": .int(1)])])
        #expect(packet.decodedPayload() == .array([.string("chat"), .object(["a": .int(1)])]))
    }

    @Test func escapedReservedNameIsStillReserved() {
        var decoder = PacketTestDecoder()
        #expect(throws: SIOPacketError.reservedEventName) {
            try decoder.receive(text: Array(#"2["\u0063onnect"]"#.utf8)[...])
        }
        #expect(throws: Never.self) { try decoder.receive(text: Array(#"2["connected"]"#.utf8)[...]) }
    }

    @Test func eventNameForms() throws {
        var decoder = PacketTestDecoder()
        let escaped = try #require(try decoder.receive(text: Array(#"2/a,["\u0063hat",1]"#.utf8)[...]).packet)
        #expect(escaped.eventNameEquals("chat"))
        #expect(escaped.eventNameBytes.map { String(decoding: $0, as: UTF8.self) } == #""\u0063hat""#)
        let numeric = try #require(try decoder.receive(text: Array("2[42]".utf8)[...]).packet)
        #expect(numeric.eventNameBytes.map { Array($0) } == Array("42".utf8))
        #expect(!numeric.eventNameEquals("42"))
        #expect(numeric.eventName?.int64Value == 42)
        let ack = try #require(try decoder.receive(text: Array(#"31["a"]"#.utf8)[...]).packet)
        #expect(ack.eventName == nil && ack.eventNameBytes == nil && !ack.eventNameEquals("a"))
        #expect(ack.arguments.count == 1)
    }

    @Test func stateAfterErrorsAndReset() throws {
        var decoder = PacketTestDecoder()
        let binary = Array(#"51-["a",{"_placeholder":true,"num":0}]"#.utf8)[...]
        #expect(try decoder.receive(text: binary).packet == nil)
        decoder.reset()
        #expect(!decoder.isAwaitingAttachments)
        #expect(throws: SIOPacketError.unexpectedBinary) { try decoder.receive(binary: [1][...]) }
        // A text packet mid-reassembly is an error and drops the partial packet.
        _ = try decoder.receive(text: binary)
        #expect(throws: SIOPacketError.unexpectedText) { try decoder.receive(text: Array(#"2["b"]"#.utf8)[...]) }
        #expect(try decoder.receive(text: Array(#"2["b"]"#.utf8)[...]).packet != nil)
        // A binary packet without attachments completes at once and leaves the decoder idle (the reference
        // decoder keeps waiting here and then rejects the next text packet).
        #expect(try decoder.receive(text: Array(#"50-["a"]"#.utf8)[...]).packet != nil)
        #expect(try decoder.receive(text: Array(#"2["b"]"#.utf8)[...]).packet != nil)
    }

    /// A raised attachment limit cannot make a small packet allocate for a huge announced count.
    @Test func announcedCountIsBoundedByThePayload() throws {
        var decoder = PacketTestDecoder(options: SIOPacketOptions(maxAttachments: .max))
        #expect(throws: SIOPacketError.missingPlaceholder) {
            try decoder.receive(text: Array(#"52000000000-["a",{"_placeholder":true,"num":0}]"#.utf8)[...])
        }
        #expect(throws: SIOPacketError.missingPlaceholder) {
            try decoder.receive(text: Array(#"52-["a",{"_placeholder":true,"num":0}]"#.utf8)[...])
        }
        // Room for two placeholders (capacity 2), both present, but 3 announced.
        #expect(throws: SIOPacketError.missingPlaceholder) {
            try decoder.receive(
                text: Array(#"63-[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#.utf8)[...])
        }
        let two = #"52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#
        let result = try decoder.receive(text: Array(two.utf8)[...])
        guard case .needsAttachments(remaining: 2) = result else {
            Issue.record("expected to wait for 2 attachments")
            return
        }
    }

    @Test func placeholderNumbers() throws {
        var decoder = PacketTestDecoder()
        _ = try decoder.receive(text: Array(#"51-["a",{"_placeholder":true,"num":-0}]"#.utf8)[...])
        let packet = try #require(try decoder.receive(binary: [9][...]).packet)
        #expect(packet.decodedArguments() == [.binary([9])])
        #expect(throws: SIOPacketError.placeholderOutOfRange) {
            try decoder.receive(text: Array(#"51-["a",{"_placeholder":true,"num":99999999999999999999}]"#.utf8)[...])
        }
        #expect(throws: SIOPacketError.placeholderOutOfRange) {
            try decoder.receive(text: Array(#"51-["a",{"_placeholder":true,"num":-99999999999999999999}]"#.utf8)[...])
        }
        #expect(throws: SIOPacketError.invalidPlaceholder) {
            try decoder.receive(text: Array(#"51-["a",{"_placeholder":true,"num":1e0}]"#.utf8)[...])
        }
        #expect(throws: SIOPacketError.invalidPlaceholder) {
            try decoder.receive(text: Array(#"51-["a",{"_placeholder":"true","num":0}]"#.utf8)[...])
        }
    }

    /// As with JSON.parse in the reference decoder, the last of duplicated keys wins: a placeholder under a shadowed
    /// key is counted when the packet is checked, and its attachment arrives, but the value does not refer to it.
    @Test func shadowedPlaceholder() throws {
        var decoder = PacketTestDecoder()
        _ = try decoder.receive(text: Array(#"51-["a",{"k":{"_placeholder":true,"num":0},"k":"x"}]"#.utf8)[...])
        let packet = try #require(try decoder.receive(binary: [1][...]).packet)
        #expect(packet.attachments.count == 1)
        #expect(packet.decodedArguments() == [.object(["k": .string("x")])])
    }

    @Test func depthLimitIsAnError() {
        let deep = "2[\"a\"," + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "]"
        var decoder = PacketTestDecoder()
        #expect(throws: SIOPacketError.invalidJSON) { try decoder.receive(text: Array(deep.utf8)[...]) }
    }

    @Test func deepPlaceholderSearchUsesNoRecursion() throws {
        var options = SIOPacketOptions()
        options.json.maxDepth = 60_000
        let depth = 50_000
        let text =
            "51-[\"a\"," + String(repeating: "[", count: depth) + #"{"_placeholder":true,"num":0}"#
            + String(repeating: "]", count: depth) + "]"
        var decoder = PacketTestDecoder(options: options)
        #expect(try decoder.receive(text: Array(text.utf8)[...]).packet == nil)
        #expect(try decoder.receive(binary: [7][...]).packet?.attachments.count == 1)
    }
}
