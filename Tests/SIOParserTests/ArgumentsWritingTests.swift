import NIOCore
import SIOParser
import SIOParserNIO
import Testing

/// `SIOArguments.writeJSONArray(to:)` writes the bytes `encoded()` makes, without building them first.
struct ArgumentsWritingTests {
    static let packets: [String] = [
        #"2["e"]"#,
        #"2["e",1]"#,
        #"21["e", 1 , {"a" : [1, 2]} ,"x"]"#,
        #"2/chat,3["e",null,true,"a\"b",-1.5e3,[],{}]"#,
        #"3[]"#,
        #"37["only"]"#,
        #"3/chat,9[ 1 , 2 ]"#,
        "2[7,\"numeric-name\"]",
        #"0"#,
    ]

    @Test(arguments: packets)
    func writesWhatEncodedMakes(text: String) throws {
        var decoder = SIOPacketDecoder<ByteBufferView>()
        let packet = try #require(try decoder.receive(text: ByteBuffer(string: text).readableBytesView).packet)
        let arguments = SIOArguments(packet: packet)
        #expect(arguments.isReceivedWithoutAttachments)
        var buffer = ByteBuffer(string: "prefix")
        arguments.writeJSONArray(to: &buffer)
        #expect(String(buffer: buffer) == "prefix" + arguments.encoded().jsonString)
    }

    @Test func localValuesAndAttachmentsAreNotWrittenInPlace() throws {
        let local = SIOArguments([.string("a"), .int(1)])
        #expect(!local.isReceivedWithoutAttachments)
        var buffer = ByteBuffer()
        local.writeJSONArray(to: &buffer)
        #expect(String(buffer: buffer) == local.encoded().jsonString)

        var decoder = SIOPacketDecoder<ByteBufferView>()
        let text = ByteBuffer(string: #"51-["e",{"_placeholder":true,"num":0}]"#)
        #expect(try decoder.receive(text: text.readableBytesView).packet == nil)
        let packet = try #require(try decoder.receive(binary: ByteBuffer(bytes: [1, 2]).readableBytesView).packet)
        #expect(!SIOArguments(packet: packet).isReceivedWithoutAttachments)
    }

    @Test func encodedEventKeepsEveryAttachmentAndDropsLeadingArguments() throws {
        var decoder = SIOPacketDecoder<ByteBufferView>()
        let text = ByteBuffer(string: #"52-["e","room",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}]"#)
        #expect(try decoder.receive(text: text.readableBytesView).packet == nil)
        _ = try decoder.receive(binary: ByteBuffer(bytes: [1]).readableBytesView)
        let packet = try #require(try decoder.receive(binary: ByteBuffer(bytes: [2]).readableBytesView).packet)
        let event = SIOArguments(packet: packet).encodedEvent("b", droppingFirst: 1)
        #expect(event.jsonString == #"["b",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}]"#)
        #expect(event.attachments.count == 2)

        let local = SIOArguments([.string("room"), .binary([9]), .int(3)]).encodedEvent("b", droppingFirst: 1)
        #expect(local.jsonString == #"["b",{"_placeholder":true,"num":0},3]"#)
        #expect(local.attachments.count == 1)
    }
}
