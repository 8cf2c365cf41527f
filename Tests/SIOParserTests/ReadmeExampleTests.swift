import SIOParser
import Testing

/// The README's "use one module on its own" example, compiled and checked.
@Suite struct ReadmeCodecExampleTests {
    @Test func decodeThenEncode() throws {
        var decoder = SIOPacketDecoder<ArraySlice<UInt8>>()
        let result = try decoder.receive(text: ArraySlice(#"2/chat,7["message",{"text":"hi"}]"#.utf8))
        let packet = try #require(result.packet)
        #expect(packet.type == .event)
        #expect(packet.namespace == "/chat")
        #expect(packet.ackID == 7)
        #expect(packet.eventName?.stringValue == "message")
        #expect("\(packet.type) \(packet.namespace) \(packet.ackID ?? 0) \(packet.eventName?.stringValue ?? "")" == "EVENT /chat 7 message")

        var text: [UInt8] = []
        let attachments = try SIOPacketEncoder().encodeEvent(
            "reply", arguments: ["ok"], namespace: "/chat", into: &text)
        #expect(String(decoding: text, as: UTF8.self) == #"2/chat,["reply","ok"]"#)
        #expect(attachments.isEmpty)
    }
}
