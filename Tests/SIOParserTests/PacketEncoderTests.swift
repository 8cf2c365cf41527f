import SIOParser
import Testing

private func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Encodes a vector's expected packet from values, the way an application would.
private func encodeFromValues(_ vector: PacketVector) throws(SIOPacketError) -> (text: [UInt8], attachments: [[UInt8]])
{
    let expected = vector.packet ?? [:]
    let type = SIOPacketType(rawValue: UInt8(expected["type"] as? Int ?? 0))
    let namespace = expected["nsp"] as? String ?? "/"
    let ackID = (expected["id"] as? Int).map(UInt64.init)
    let encoder = SIOPacketEncoder(options: vector.options)
    var text: [UInt8] = []
    if type == .connect {
        try encoder.encodeConnect(
            namespace: namespace, payload: vector.data, query: expected["query"] as? String, into: &text)
        return (text, [])
    }
    let attachments = try encoder.encode(
        type, namespace: namespace, ackID: ackID, payload: vector.dataWithBinary, into: &text)
    return (text, attachments)
}

@Suite struct PacketEncoderTests {
    /// Encoding each canonical vector's packet from values gives the reference encoder's bytes and attachments.
    @Test(arguments: PacketVector.valid.filter(\.canonical))
    func canonicalVector(_ vector: PacketVector) throws {
        let (text, attachments) = try encodeFromValues(vector)
        #expect(string(text) == string(vector.text), "\(vector)")
        #expect(attachments == vector.attachments, "\(vector)")
    }

    /// An EVENT or ACK holding binary values is promoted to its binary variant, as the reference encoder does.
    @Test(arguments: PacketVector.valid.filter { $0.canonical && !$0.attachments.isEmpty })
    func promotion(_ vector: PacketVector) throws {
        let expected = try #require(vector.packet)
        let binaryType = SIOPacketType(rawValue: UInt8(expected["type"] as? Int ?? 0))
        let plainType: SIOPacketType = binaryType == .binaryEvent ? .event : .ack
        var text: [UInt8] = []
        let attachments = try SIOPacketEncoder(options: vector.options).encode(
            plainType, namespace: expected["nsp"] as? String ?? "/", ackID: (expected["id"] as? Int).map(UInt64.init),
            payload: vector.dataWithBinary, into: &text)
        #expect(string(text) == string(vector.text))
        #expect(attachments == vector.attachments)
    }

    /// decode → encode gives the same bytes for canonical vectors; for all vectors, decoding that again gives the
    /// same packet.
    @Test(arguments: PacketVector.valid)
    func roundTrip(_ vector: PacketVector) throws {
        let (results, error) = packetFeed(vector.messages, vector.options)
        try #require(error == nil)
        let packet = try #require(results.last?.packet)
        var text: [UInt8] = []
        try SIOPacketEncoder(options: vector.options).encode(packet, into: &text)
        if vector.canonical { #expect(string(text) == string(vector.text), "\(vector)") }
        let again = packetFeed([.text(text)] + packet.attachments.map { .binary(Array($0)) }, vector.options)
        let second = try #require(again.results.last?.packet, "\(vector): \(String(describing: again.error))")
        expectPacketMatches(second, vector)
    }

    @Test func appendsToExistingOutput() throws {
        var text = Array("prefix|".utf8)
        let attachments = try SIOPacketEncoder().encodeEvent(
            "a", arguments: [.binary([1]), .object(["c": .binary([])])], ackID: 0, into: &text)
        #expect(string(text) == #"prefix|52-0["a",{"_placeholder":true,"num":0},{"c":{"_placeholder":true,"num":1}}]"#)
        #expect(attachments == [[1], []])
    }

    @Test func eventAndAckHelpers() throws {
        let encoder = SIOPacketEncoder()
        var text: [UInt8] = []
        try encoder.encodeEvent(
            "chat", arguments: [.object(["user": .string("a"), "text": .string("hello")])], into: &text)
        #expect(string(text) == #"2["chat",{"user":"a","text":"hello"}]"#)
        text = []
        let attachments = try encoder.encodeAck(
            [.binary([1, 2]), .string("x")], ackID: 5, namespace: "/admin", into: &text)
        #expect(string(text) == #"61-/admin,5[{"_placeholder":true,"num":0},"x"]"#)
        #expect(attachments == [[1, 2]])
        text = []
        try encoder.encodeAck([], ackID: 12, into: &text)
        #expect(string(text) == "312[]")
        text = []
        try encoder.encodeEvent("e", arguments: [], into: &text)
        #expect(string(text) == #"2["e"]"#)
    }

    @Test func serializedPayloads() throws {
        let encoder = SIOPacketEncoder()
        var text: [UInt8] = []
        try encoder.encodeEvent(
            "up", serializedArguments: [Array(#"{"_placeholder":true,"num":0}"#.utf8), Array("1".utf8)],
            attachmentCount: 1, namespace: "/f", ackID: 3, into: &text)
        #expect(string(text) == #"51-/f,3["up",{"_placeholder":true,"num":0},1]"#)
        text = []
        try encoder.encode(.ack, ackID: 9, serializedPayload: Array("[true]".utf8), attachmentCount: 0, into: &text)
        #expect(string(text) == "39[true]")
        text = []
        try encoder.encode(
            .ack, ackID: 9, serializedPayload: Array(#"[{"_placeholder":true,"num":0}]"#.utf8), attachmentCount: 1,
            into: &text)
        #expect(string(text) == #"61-9[{"_placeholder":true,"num":0}]"#)
        #expect(throws: SIOPacketError.attachmentCountMismatch) {
            try encoder.encode(.connect, serializedPayload: Array("{}".utf8), attachmentCount: 1, into: &text)
        }
    }

    @Test func connectAndErrorsPerVersion() throws {
        let v5 = SIOPacketEncoder()
        let v4 = SIOPacketEncoder(options: .init(version: .v4))
        var text: [UInt8] = []
        try v5.encodeConnectError(message: "Not authorized", data: .object(["code": .int(401)]), into: &text)
        #expect(string(text) == #"4{"message":"Not authorized","data":{"code":401}}"#)
        text = []
        try v5.encodeConnectError(namespace: "/admin", message: "Not authorized", into: &text)
        #expect(string(text) == #"4/admin,{"message":"Not authorized"}"#)
        text = []
        try v4.encodeConnectError(namespace: "/admin", message: "Not authorized", into: &text)
        #expect(string(text) == #"4/admin,"Not authorized""#)
        text = []
        try v4.encodeConnect(namespace: "/admin", query: "token=1", into: &text)
        #expect(string(text) == "0/admin?token=1,")
        text = []
        try v5.encodeConnect(namespace: "/admin", payload: .object(["sid": .string("x")]), into: &text)
        #expect(string(text) == #"0/admin,{"sid":"x"}"#)
        text = []
        try v5.encodeDisconnect(namespace: "/admin", into: &text)
        try v5.encodeDisconnect(into: &text)
        #expect(string(text) == "1/admin,1")
    }

    /// Every packet the peer would refuse is refused before anything is written.
    @Test func refusals() {
        let v5 = SIOPacketEncoder()
        let v4 = SIOPacketEncoder(options: .init(version: .v4))
        var text = Array("keep".utf8)
        let cases: [(SIOPacketError, () throws(SIOPacketError) -> Void)] = [
            (
                .reservedEventName,
                { () throws(SIOPacketError) in try v5.encodeEvent("disconnect", arguments: [], into: &text) }
            ),
            (
                .reservedEventName,
                { () throws(SIOPacketError) in _ = try v5.encode(.event, payload: ["connect"], into: &text) }
            ),
            (.invalidPayload, { () throws(SIOPacketError) in _ = try v5.encode(.event, payload: [], into: &text) }),
            (.invalidPayload, { () throws(SIOPacketError) in _ = try v5.encode(.event, payload: [true], into: &text) }),
            (.invalidPayload, { () throws(SIOPacketError) in _ = try v5.encode(.event, payload: nil, into: &text) }),
            (.invalidPayload, { () throws(SIOPacketError) in _ = try v5.encode(.ack, payload: ["a": 1], into: &text) }),
            (.invalidPayload, { () throws(SIOPacketError) in _ = try v5.encode(.connect, payload: [], into: &text) }),
            (
                .invalidPayload,
                { () throws(SIOPacketError) in _ = try v5.encode(.disconnect, payload: ["a": 1], into: &text) }
            ),
            (
                .invalidPayload,
                { () throws(SIOPacketError) in _ = try v5.encode(.connectError, payload: [1], into: &text) }
            ),
            (
                .invalidPayload,
                { () throws(SIOPacketError) in _ = try v5.encode(.connect, payload: ["b": .binary([1])], into: &text) }
            ),
            (
                .invalidPayload,
                { () throws(SIOPacketError) in try v4.encodeConnect(payload: ["token": "1"], into: &text) }
            ),
            (
                .invalidPayload,
                { () throws(SIOPacketError) in try v5.encodeConnectError(message: "m", data: .binary([1]), into: &text)
                }
            ),
            (
                .invalidNamespace,
                { () throws(SIOPacketError) in try v5.encodeDisconnect(namespace: "admin", into: &text) }
            ),
            (
                .invalidNamespace,
                { () throws(SIOPacketError) in try v5.encodeDisconnect(namespace: "/a,b", into: &text) }
            ),
            (.invalidNamespace, { () throws(SIOPacketError) in try v5.encodeDisconnect(namespace: "", into: &text) }),
            (.invalidNamespace, { () throws(SIOPacketError) in try v5.encodeConnect(query: "a=1", into: &text) }),
            (.invalidNamespace, { () throws(SIOPacketError) in try v4.encodeConnect(query: "a=1,2", into: &text) }),
            (
                .namespaceTooLong,
                { () throws(SIOPacketError) in
                    try v5.encodeDisconnect(namespace: "/" + String(repeating: "n", count: 1024), into: &text)
                }
            ),
            (
                .unexpectedAckID,
                { () throws(SIOPacketError) in _ = try v5.encode(.connect, ackID: 1, payload: nil, into: &text) }
            ),
            (.ackIDTooLarge, { () throws(SIOPacketError) in try v5.encodeAck([], ackID: 1 << 53, into: &text) }),
            (
                .unknownPacketType,
                { () throws(SIOPacketError) in
                    _ = try v5.encode(SIOPacketType(rawValue: 7), payload: nil, into: &text)
                }
            ),
        ]
        for (index, (expected, body)) in cases.enumerated() {
            #expect(throws: expected, "case \(index)") { try body() }
        }
        #expect(string(text) == "keep")
    }

    @Test func largestAckIDsAreWritten() throws {
        var text: [UInt8] = []
        let encoder = SIOPacketEncoder(options: .init(maxAckID: .max))
        try encoder.encodeAck([], ackID: .max, into: &text)
        #expect(string(text) == "318446744073709551615[]")
    }
}
