import NIOCore
import SIOParser
import SIOParserNIO
import Testing

@Suite struct NIOCodableTests {
    @Test func byteBufferAttachmentDecodesWithoutCopying() throws {
        let json = ByteBuffer(string: #"["photo",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#)
        var attachment = ByteBufferAllocator().buffer(capacity: 16)
        attachment.writeBytes([0xDE, 0xAD, 0xBE, 0xEF])
        let other = ByteBuffer(bytes: [1, 2])
        let (name, photo, bytes) = try SIOValueDecoder().decodeArguments(
            String.self, ByteBuffer.self, [UInt8].self, fromJSON: json, attachments: [attachment, other]
        )
        #expect(name == "photo")
        #expect(photo == attachment)
        #expect(bytes == [1, 2])
        let shared = photo.withUnsafeReadableBytes { $0.baseAddress } == attachment.withUnsafeReadableBytes { $0.baseAddress }
        #expect(shared)
    }

    @Test func decodeStructFromBufferWithReaderIndexMoved() throws {
        var buffer = ByteBuffer(string: #"42{"user":"a","text":"hello","level":1,"tags":[],"scores":{},"shape":{"none":{}}}"#)
        buffer.moveReaderIndex(forwardBy: 2)
        let message = try SIOValueDecoder().decode(SampleMessage.self, fromJSON: buffer)
        #expect(message.text == "hello")
        #expect(throws: JSONError.self) { try SIOValueDecoder().decode(Int.self, fromJSON: ByteBuffer(string: "[1,")) }
    }

    @Test func byteBufferEncodesAsAnAttachmentWithoutCopying() throws {
        var payload = ByteBufferAllocator().buffer(capacity: 8)
        payload.writeBytes([1, 2, 3])
        struct Photo: Encodable {
            var title: String
            var data: ByteBuffer
        }
        let encoded = try SIOValueEncoder().encodeEvent("photo", Photo(title: "t", data: payload))
        #expect(encoded.jsonString == #"["photo",{"title":"t","data":{"_placeholder":true,"num":0}}]"#)
        let attachment = try #require(encoded.attachments.first as? ByteBuffer)
        #expect(attachment == payload)
        let shared = attachment.withUnsafeReadableBytes { $0.baseAddress } == payload.withUnsafeReadableBytes { $0.baseAddress }
        #expect(shared)
        #expect(encoded.jsonBuffer().readableBytes == encoded.json.count)
    }

    @Test func byteBufferRoundTrip() throws {
        struct Photo: Codable, Equatable {
            var title: String
            var data: ByteBuffer
        }
        let photo = Photo(title: "t", data: ByteBuffer(bytes: [9, 8, 7]))
        let encoded = try SIOValueEncoder().encode(photo)
        let attachments = encoded.attachments.map { attachment in
            attachment.withAttachmentBytes { ByteBuffer(bytes: $0) }
        }
        let decoded = try SIOValueDecoder().decode(Photo.self, fromJSON: encoded.jsonBuffer(), attachments: attachments)
        #expect(decoded == photo)
        // Without a placeholder, ByteBuffer keeps its own Codable form (a base64 string).
        #expect(try SIOValueDecoder().decode(ByteBuffer.self, fromJSON: ByteBuffer(string: #""AQI=""#)) == ByteBuffer(bytes: [1, 2]))
    }
}
