import NIOCore
import SIOParser
import Testing

/// A byte collection without contiguous storage, so the decoder takes its copy-once path.
struct PacketScatteredBytes: RandomAccessCollection, Sendable {
    let base: [UInt8]
    let startIndex: Int
    let endIndex: Int

    init(_ bytes: [UInt8]) {
        base = bytes
        startIndex = 0
        endIndex = bytes.count
    }

    init(base: [UInt8], bounds: Range<Int>) {
        self.base = base
        startIndex = bounds.lowerBound
        endIndex = bounds.upperBound
    }

    subscript(position: Int) -> UInt8 { base[position] }
    subscript(bounds: Range<Int>) -> PacketScatteredBytes { PacketScatteredBytes(base: base, bounds: bounds) }
    func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? { nil }
}

@Suite struct PacketBytesTests {
    /// Every valid vector decodes the same from NIO's ByteBufferView (a transport's buffer) as from an array slice.
    @Test(arguments: PacketVector.valid)
    func byteBufferView(_ vector: PacketVector) throws {
        var decoder = SIOPacketDecoder<ByteBufferView>(options: vector.options)
        var result: SIODecodeResult<ByteBufferView>?
        for message in vector.messages {
            var buffer = ByteBuffer()
            buffer.writeString("pre")  // the view does not start at the buffer's index 0
            switch message {
            case .text(let bytes):
                buffer.writeBytes(bytes)
                result = try decoder.receive(text: buffer.readableBytesView.dropFirst(3))
            case .binary(let bytes):
                buffer.writeBytes(bytes)
                result = try decoder.receive(binary: buffer.readableBytesView.dropFirst(3))
            }
        }
        let packet = try #require(result?.packet)
        #expect(packet.payload?.root.decodedValue() == vector.data)
        #expect(packet.attachments.map(Array.init) == vector.attachments)
        #expect(packet.namespace == vector.packet?["nsp"] as? String)
        var text: [UInt8] = []
        try SIOPacketEncoder(options: vector.options).encode(packet, into: &text)
        if vector.canonical { #expect(text == vector.text) }
    }

    /// A container without contiguous storage is copied once and gives the same results, errors included.
    @Test(arguments: PacketVector.all)
    func scatteredBytes(_ vector: PacketVector) {
        var decoder = SIOPacketDecoder<PacketScatteredBytes>(options: vector.options)
        var outcome: Result<SIODecodeResult<PacketScatteredBytes>, SIOPacketError>?
        for (index, message) in vector.messages.enumerated() {
            outcome = Result { () throws(SIOPacketError) in
                switch message {
                case .text(let bytes): try decoder.receive(text: PacketScatteredBytes(bytes))
                case .binary(let bytes): try decoder.receive(binary: PacketScatteredBytes(bytes))
                }
            }
            if case .failure(let error) = outcome {
                #expect(error.kind == vector.error && index == vector.errorAtPart, "\(vector): \(error)")
                return
            }
        }
        guard case .success(let result)? = outcome, let packet = result.packet else {
            Issue.record("\(vector) did not complete")
            return
        }
        #expect(vector.error == nil, "\(vector)")
        #expect(packet.payload?.root.decodedValue() == vector.data)
        #expect(packet.attachments.map(Array.init) == vector.attachments)
    }
}
