import NIOCore
import Testing

@testable import WSFraming

@Suite struct MaskingTests {
    /// The obvious byte loop the fast path must agree with.
    func reference(_ bytes: [UInt8], _ key: [UInt8], phase: Int) -> [UInt8] {
        bytes.enumerated().map { $0.element ^ key[($0.offset + phase) % 4] }
    }

    @Test func matchesTheByteLoopForEveryLengthPhaseAndAlignment() {
        let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
        let maskKey = WSMaskKey(key[0], key[1], key[2], key[3])
        let source = (0..<400).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for length in 0...200 {
            for phase in 0..<4 {
                for alignment in 0..<16 {
                    var storage = [UInt8](repeating: 0, count: length + alignment)
                    storage.replaceSubrange(alignment..., with: source[..<length])
                    storage.withUnsafeMutableBytes {
                        WSMasking.apply(maskKey, to: UnsafeMutableRawBufferPointer(rebasing: $0[alignment...]), phase: phase)
                    }
                    #expect(Array(storage[alignment...]) == reference(Array(source[..<length]), key, phase: phase))
                }
            }
        }
    }

    @Test func maskingInPiecesEqualsMaskingWhole() {
        let key = WSMaskKey(1, 2, 3, 250)
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0) }
        var whole = ByteBuffer(bytes: data)
        whole.wsMask(key)
        for cut in [1, 3, 5, 64, 67, 999] {
            var first = ByteBuffer(bytes: data[..<cut])
            var second = ByteBuffer(bytes: data[cut...])
            first.wsMask(key)
            second.wsMask(key, phase: cut)
            first.writeBuffer(&second)
            #expect(first == whole)
        }
        whole.wsMask(key)
        #expect(Array(whole.readableBytesView) == data)
    }

    @Test func keyBytesRoundTrip() {
        let key = WSMaskKey(0x37, 0xFA, 0x21, 0x3D)
        #expect(key.bytes == [0x37, 0xFA, 0x21, 0x3D])
        #expect(WSFrameHeader(opcode: .text, maskKey: key, payloadLength: 5).bytes.readableBytesView.suffix(4) == [0x37, 0xFA, 0x21, 0x3D])
        // Random keys differ (a repeated key would make masking predictable).
        let keys = Set((0..<64).map { _ in WSMaskKey.random() })
        #expect(keys.count > 60)
    }
}
