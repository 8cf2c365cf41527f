import SIOParser
import Testing

private func header(_ text: String, _ options: SIOPacketOptions = .init()) throws(SIOPacketError)
    -> SIOPacketHeader
{
    try parseHeader(Array(text.utf8), options).get()
}

func parseHeader(_ bytes: [UInt8], _ options: SIOPacketOptions) -> Result<SIOPacketHeader, SIOPacketError> {
    bytes.withUnsafeBytes { raw in
        Result { () throws(SIOPacketError) in try SIOPacketHeader.parse(raw, options: options) }
    }
}

private func headerError(_ text: String, _ options: SIOPacketOptions = .init()) -> SIOPacketError? {
    do {
        _ = try header(text, options)
        return nil
    } catch {
        return error
    }
}

@Suite struct PacketHeaderTests {
    @Test func typeOnly() throws {
        let h = try header("0")
        #expect(h == SIOPacketHeader(type: .connect, payloadStart: 1))
    }

    @Test func everyField() throws {
        let h = try header(#"61-/admin,456[{"_placeholder":true,"num":0}]"#)
        #expect(h.type == .binaryAck)
        #expect(h.attachmentCount == 1)
        #expect(h.namespaceRange == 3..<9)
        #expect(h.ackID == 456)
        #expect(h.payloadStart == 13)
    }

    @Test func namespaceRunsToEnd() throws {
        let h = try header("1/admin")
        #expect(h.namespaceRange == 1..<7)
        #expect(h.payloadStart == 7)
    }

    @Test func v4QueryOnlyOnConnect() throws {
        let v4 = SIOPacketOptions(version: .v4)
        let connect = try header("0/admin?token=1,", v4)
        #expect(connect.namespaceRange == 1..<7)
        #expect(connect.queryRange == 8..<15)
        let v5 = try header("0/admin?token=1,")
        #expect(v5.namespaceRange == 1..<15)
        #expect(v5.queryRange == nil)
        let event = try header(#"2/admin?x,["a"]"#, v4)
        #expect(event.queryRange == nil)
        #expect(event.namespaceRange == 1..<9)
    }

    @Test func attachmentCount() throws {
        #expect(try header(#"510-["a"]"#).attachmentCount == 10)
        #expect(headerError(#"511-["a"]"#) == .tooManyAttachments)
        #expect(headerError(#"53-["a"]"#, .init(maxAttachments: 2)) == .tooManyAttachments)
        #expect(headerError("5") == .invalidAttachmentCount)
        #expect(headerError("5-") == .invalidAttachmentCount)
        #expect(headerError("51") == .invalidAttachmentCount)
        #expect(headerError("5x-") == .invalidAttachmentCount)
        #expect(headerError(String(repeating: "9", count: 100) + "-") == .unknownPacketType)
        #expect(headerError("5" + String(repeating: "9", count: 100) + "-") == .tooManyAttachments)
    }

    @Test func ackIDBound() throws {
        #expect(try header("39007199254740991[]").ackID == 9_007_199_254_740_991)
        #expect(headerError("39007199254740992[]") == .ackIDTooLarge)
        #expect(headerError("3" + String(repeating: "9", count: 40) + "[]") == .ackIDTooLarge)
        #expect(try header("3100[]", .init(maxAckID: 100)).ackID == 100)
        #expect(headerError("3101[]", .init(maxAckID: 100)) == .ackIDTooLarge)
        #expect(headerError("012") == .unexpectedAckID)
        #expect(headerError("1/a,1") == .unexpectedAckID)
        #expect(headerError("41") == .unexpectedAckID)
    }

    @Test func namespaceLimit() throws {
        let options = SIOPacketOptions(maxNamespaceLength: 6)
        #expect(try header("1/admin,", options).namespaceRange == 1..<7)
        #expect(try header("1/admin", options).namespaceRange == 1..<7)
        #expect(headerError("1/admins,", options) == .namespaceTooLong)
        #expect(headerError("1/admins", options) == .namespaceTooLong)
    }

    @Test func typeDigit() {
        #expect(headerError("") == .emptyPacket)
        #expect(headerError("7") == .unknownPacketType)
        #expect(headerError("/") == .unknownPacketType)
        #expect(headerError("\u{0}") == .unknownPacketType)
    }

    @Test func errorsCarryOffsetAndDetail() {
        let error = headerError("2/admin,99999999999999999999[]")
        #expect(error?.offset == 8)
        #expect(error?.description.contains("ack id too large") == true)
    }

    /// Every prefix of every vector's text packet either parses or fails with a packet error; none may trap.
    @Test(arguments: PacketVector.all)
    func everyPrefix(_ vector: PacketVector) {
        let text = vector.text
        for end in 0...text.count {
            let result = parseHeader(Array(text[0..<end]), vector.options)
            if case .success(let h) = result {
                #expect(h.payloadStart <= end)
                #expect(h.namespaceRange.map { $0.upperBound <= end } ?? true)
            }
        }
    }
}
