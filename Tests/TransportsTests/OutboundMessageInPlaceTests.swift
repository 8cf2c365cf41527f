import NIOCore
import Testing

@testable import Transports

/// A text message written in place (room for the header kept in front) is the frame `text(utf8:)` builds, at
/// every header size.
struct OutboundMessageInPlaceTests {
    @Test(arguments: [0, 1, 124, 125, 126, 127, 1000, 65_534, 65_535, 65_536, 70_000])
    func sameFrameAsCopyingConstructor(size: Int) {
        let data = (0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let copied = EngineOutboundMessage.text(utf8: data)
        // A low capacity hint: the buffer grows while the body writes.
        let inPlace = EngineOutboundMessage.text(capacity: 3) { (buffer: inout ByteBuffer) in
            buffer.writeBytes(data)
        }
        #expect(inPlace.frame.readableBytesView.elementsEqual(copied.frame.readableBytesView))
        #expect(inPlace.headerSize == copied.headerSize)
        #expect(!inPlace.isBinary)
        #expect(inPlace.dataCount == size)
        #expect(inPlace.data == copied.data)
        #expect(inPlace.webSocketPayload == copied.webSocketPayload)
        #expect(inPlace.dataView.elementsEqual(data))
    }

    struct Refused: Error {}

    @Test func aThrowingBodyThrows() {
        #expect(throws: Refused.self) {
            _ = try EngineOutboundMessage.text(capacity: 8) { (_: inout ByteBuffer) throws(Refused) in throw Refused() }
        }
    }
}
