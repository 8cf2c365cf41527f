import NIOCore
import Testing

@testable import WSFraming

/// A stand-in for permessage-deflate: "compression" flips bit 5 of every byte; messages under 4 bytes stay plain.
final class FlipCodec: WSMessageCodec {
    var fragmentsSeen: [Bool] = []

    func decompress(_ fragment: ByteBuffer, isFinal: Bool, into output: inout ByteBuffer, limit: Int) throws(WSError) {
        fragmentsSeen.append(isFinal)
        guard output.readableBytes + fragment.readableBytes <= limit else {
            throw WSError.messageTooBig.with(detail: "inflated message over \(limit)")
        }
        output.writeBytes(fragment.readableBytesView.map { $0 ^ 0x20 })
    }

    func compress(_ message: ByteBuffer, allocator: ByteBufferAllocator) throws(WSError) -> ByteBuffer? {
        guard message.readableBytes >= 4 else { return nil }
        var out = allocator.buffer(capacity: message.readableBytes)
        out.writeBytes(message.readableBytesView.map { $0 ^ 0x20 })
        return out
    }
}

@Suite struct CodecHookTests {
    @Test func compressedMessagesAreInflatedAndValidated() {
        let codec = FlipCodec()
        // "HELLO" flipped is "hello"; sent as RSV1 text in two fragments.
        let wire = hexBytes("410348454c") + hexBytes("80024c4f")
        let trace = run([wire[...]], configuration: .init(role: .client, codec: codec))
        #expect(trace == ["text:hello"])
        #expect(codec.fragmentsSeen == [false, true])
        // Inflated text is UTF-8 checked: 0xDF flips to 0xFF, which is never valid.
        #expect(run([hexBytes("c101df")[...]], configuration: .init(role: .client, codec: FlipCodec())).first == "failed:1007")
    }

    @Test func inflationObeysTheMessageLimit() {
        var limits = WSLimits()
        limits.maxMessageSize = 3
        let trace = run([hexBytes("c204") + [1, 2, 3, 4]][...].map { $0[...] }, configuration: .init(role: .client, limits: limits, codec: FlipCodec()))
        #expect(trace.first == "failed:1009")
    }

    @Test func rsv1NeedsTheCodecAndIsOnlyOnTheFirstFrame() {
        #expect(run([hexBytes("c10161")[...]], configuration: .init(role: .client)).first == "failed:1002")
        let continuation = hexBytes("410161") + hexBytes("c00162")
        #expect(run([continuation[...]], configuration: .init(role: .client, codec: FlipCodec())).first == "failed:1002")
        #expect(run([hexBytes("c900")[...]], configuration: .init(role: .client, codec: FlipCodec())).first == "failed:1002")
    }

    @Test func outgoingMessagesUseTheCodecAboveItsThreshold() {
        var connection = WSConnection(configuration: .init(role: .server, codec: FlipCodec()))
        let big = connection.send(text: "hello")
        guard case .write(let bytes) = big.first else {
            Issue.record("expected a write")
            return
        }
        #expect(hexString(bytes.readableBytesView) == "c105" + hexString("HELLO".utf8))
        let small = connection.send(text: "hi")
        guard case .write(let plain) = small.first else {
            Issue.record("expected a write")
            return
        }
        #expect(hexString(plain.readableBytesView) == "81026869")
    }
}
