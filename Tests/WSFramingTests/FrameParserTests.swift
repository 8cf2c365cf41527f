import NIOCore
import Testing

@testable import WSFraming

struct FrameVectors: Decodable {
    struct Frame: Decodable {
        var fin: Bool
        var rsv1: Bool
        var opcode: UInt8
        var payloadHex: String
        var maskHex: String?
    }
    struct Valid: Decodable {
        var name: String
        var role: String
        var encodedHex: String
        var frames: [Frame]
    }
    struct Invalid: Decodable {
        var name: String
        var role: String
        var encodedHex: String
        var error: String
        var offset: Int
    }
    struct Event: Decodable {
        var kind: String
        var data: String
    }
    struct Connection: Decodable {
        var name: String
        var role: String
        var encodedHex: String
        var events: [Event]
    }
    var frames: [Valid]
    var invalidFrames: [Invalid]
    var connection: [Connection]

    static func load() throws -> FrameVectors { try loadVectors("ws-frames.json", as: FrameVectors.self) }
}

/// Feeds `chunks` to a parser through one accumulating buffer; returns the frames and the error, if any.
func parseChunks(_ chunks: [ArraySlice<UInt8>], role: WSRole, limits: WSLimits = WSLimits()) -> ([WSFrame], WSError?) {
    var parser = WSFrameParser(role: role, limits: limits)
    var input = ByteBuffer()
    var frames: [WSFrame] = []
    for chunk in chunks {
        input.writeBytes(chunk)
        do {
            while let frame = try parser.parseStep(&input) { frames.append(frame) }
        } catch {
            return (frames, error)
        }
    }
    return (frames, nil)
}

func expectedFrame(_ frame: FrameVectors.Frame) -> WSFrame {
    let key = frame.maskHex.map { hex -> WSMaskKey in
        let b = hexBytes(hex)
        return WSMaskKey(b[0], b[1], b[2], b[3])
    }
    return WSFrame(
        fin: frame.fin, rsv1: frame.rsv1, opcode: WSOpcode(rawValue: frame.opcode), maskKey: key,
        payload: buffer(hexBytes(frame.payloadHex))
    )
}

@Suite struct FrameParserTests {
    @Test func validVectorsEveryWay() throws {
        for vector in try FrameVectors.load().frames {
            let expected = vector.frames.map(expectedFrame)
            for chunks in splits(of: hexBytes(vector.encodedHex)) {
                let (frames, error) = parseChunks(chunks, role: role(vector.role))
                #expect(error == nil, "\(vector.name): \(String(describing: error))")
                #expect(frames == expected, "\(vector.name) split \(chunks.map(\.count))")
            }
        }
    }

    @Test func validVectorsRoundTrip() throws {
        for vector in try FrameVectors.load().frames {
            let (frames, _) = parseChunks([hexBytes(vector.encodedHex)[...]], role: role(vector.role))
            var out = ByteBuffer()
            for frame in frames { WSFrameEncoder.write(frame, to: &out) }
            #expect(hexString(out.readableBytesView) == vector.encodedHex, "\(vector.name)")
        }
    }

    @Test func validVectorsFailInTheOtherRole() throws {
        for vector in try FrameVectors.load().frames {
            let other: WSRole = role(vector.role) == .server ? .client : .server
            let (_, error) = parseChunks([hexBytes(vector.encodedHex)[...]], role: other)
            #expect(error == .protocolError, "\(vector.name)")
            #expect(error?.offset == 1, "\(vector.name)")
        }
    }

    @Test func invalidVectorsEveryWay() throws {
        for vector in try FrameVectors.load().invalidFrames {
            let kind = try #require(errorKind(vector.error), "\(vector.name)")
            for chunks in splits(of: hexBytes(vector.encodedHex)) {
                let (_, error) = parseChunks(chunks, role: role(vector.role))
                #expect(error == kind, "\(vector.name): \(String(describing: error))")
                #expect(error?.offset == vector.offset, "\(vector.name): \(String(describing: error))")
                #expect(error?.closeCode == kind.closeCode)
            }
        }
    }

    /// RFC 6455 §5.7: 64 KiB binary in a single unmasked frame (kept out of the JSON for its size).
    @Test func rfc64KiBExample() throws {
        let payload = (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let bytes = [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0] + payload
        for cut in [0, 1, 2, 9, 10, 11, 40_000, bytes.count - 1] {
            let chunks = cut == 0 ? [bytes[...]] : [bytes[..<cut], bytes[cut...]]
            let (frames, error) = parseChunks(chunks, role: .client)
            #expect(error == nil)
            #expect(frames == [WSFrame(opcode: .binary, payload: buffer(payload))])
        }
        let masked = WSFrame(opcode: .binary, maskKey: WSMaskKey(9, 8, 7, 6), payload: buffer(payload))
        var wire = ByteBuffer()
        WSFrameEncoder.write(masked, to: &wire)
        let (frames, error) = parseChunks([Array(wire.readableBytesView)[...]], role: .server)
        #expect(error == nil)
        #expect(frames == [masked])
    }

    @Test func needMoreBytesLeavesTheBufferUntouched() throws {
        let bytes = hexBytes("818537fa213d7f9f4d5158")
        for cut in 0..<bytes.count {
            var parser = WSFrameParser(role: .server)
            var input = buffer(bytes[..<cut])
            let before = input
            #expect(try parser.parseStep(&input) == nil)
            #expect(input == before)
            #expect(input.readerIndex == before.readerIndex)
        }
    }

    @Test func unmasksInPlaceWithoutCopyingWhenUnique() throws {
        var parser = WSFrameParser(role: .server)
        var input = ByteBuffer()
        WSFrameEncoder.write(WSFrame(opcode: .binary, maskKey: .random(), payload: buffer([UInt8](repeating: 5, count: 4096))), to: &input)
        let storageBefore = input.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let frame = try #require(try parser.parseStep(&input))
        let payloadAddress = frame.payload.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        // The payload is the same memory as the input, 8 bytes (2 + 2 length + 4 key) in.
        #expect(payloadAddress == storageBefore + 8)
        #expect(frame.payload.readableBytesView.allSatisfy { $0 == 5 })
    }

    @Test func sharedInputIsNotModified() throws {
        // A caller keeping another reference to the input must still see masked bytes (value semantics).
        var input = ByteBuffer()
        WSFrameEncoder.write(WSFrame(opcode: .binary, maskKey: WSMaskKey(1, 2, 3, 4), payload: buffer([9, 9, 9, 9, 9])), to: &input)
        let kept = input
        var parser = WSFrameParser(role: .server)
        let frame = try #require(try parser.parseStep(&input))
        #expect(Array(frame.payload.readableBytesView) == [9, 9, 9, 9, 9])
        #expect(Array(kept.readableBytesView) == hexBytes("828501020304") + [8, 11, 10, 13, 8])
    }

    @Test func frameLimitIsCheckedFromTheHeader() throws {
        var limits = WSLimits()
        limits.maxFrameSize = 10
        // Only the header has arrived: the error comes before any payload is buffered.
        let (_, error) = parseChunks([hexBytes("820b")[...]], role: .client, limits: limits)
        #expect(error == .messageTooBig)
        let (frames, okError) = parseChunks([(hexBytes("820a") + [UInt8](repeating: 1, count: 10))[...]], role: .client, limits: limits)
        #expect(okError == nil)
        #expect(frames.count == 1)
    }

    @Test func rsv1IsAllowedOnlyOnDataFramesWhenNegotiated() throws {
        var parser = WSFrameParser(role: .client, allowsRSV1: true)
        var input = buffer(hexBytes("c10161"))
        let frame = try #require(try parser.parseStep(&input))
        #expect(frame.rsv1)
        for hex in ["c900", "c000", "e100"] {
            var p = WSFrameParser(role: .client, allowsRSV1: true)
            var bad = buffer(hexBytes(hex))
            #expect(throws: WSError.protocolError) { try p.parseStep(&bad) }
        }
    }

    @Test func headerValueIsReusableForManyPayloadCopies() throws {
        let header = WSFrameHeader(opcode: .text, payloadLength: 5)
        #expect(hexString(header.bytes.readableBytesView) == "8105")
        #expect(WSFrameHeader(opcode: .binary, payloadLength: 126).encodedSize == 4)
        #expect(WSFrameHeader(opcode: .binary, payloadLength: 65_536).encodedSize == 10)
        #expect(WSFrameHeader(opcode: .binary, maskKey: .random(), payloadLength: 65_535).encodedSize == 8)
        let encoder = WSFrameEncoder(role: .server)
        let big = buffer([UInt8](repeating: 7, count: 5000))
        let parts = encoder.encode(opcode: .binary, payload: big, allocator: ByteBufferAllocator())
        #expect(parts.count == 2)
        #expect(parts[1] == big)
        // A client's frames are masked with a fresh key and parse back to the same payload.
        let client = WSFrameEncoder(role: .client)
        let masked = client.encode(opcode: .text, payload: buffer("Hello".utf8), allocator: ByteBufferAllocator())
        #expect(masked.count == 1)
        var wire = masked[0]
        var parser = WSFrameParser(role: .server)
        let frame = try #require(try parser.parseStep(&wire))
        #expect(String(buffer: frame.payload) == "Hello")
        #expect(frame.maskKey != nil)
    }
}
