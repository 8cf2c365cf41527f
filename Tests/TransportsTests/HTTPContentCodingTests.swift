import CZlib
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import Transports

/// One Accept-Encoding value and the coding the reference's `accepts` picks for it.
struct AcceptEncodingVector: Decodable, Sendable, CustomTestStringConvertible {
    let acceptEncoding: String
    let chosen: String?
    var testDescription: String { acceptEncoding.isEmpty ? "(none)" : acceptEncoding }

    /// The value is stored under `encoded`, the key Fuzz/seeds.py reads seeds from.
    enum CodingKeys: String, CodingKey {
        case acceptEncoding = "encoded"
        case chosen
    }

    static let all: [AcceptEncodingVector] = load("http-accept-encoding.json")
    /// Pseudo-random values with the reference's answers: a differential test against negotiator.
    static let random: [AcceptEncodingVector] = load("http-accept-encoding-random.json")

    static func load(_ name: String) -> [AcceptEncodingVector] {
        struct File: Decodable { let cases: [AcceptEncodingVector] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors").appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data)
        else { return [] }
        return file.cases
    }
}

/// Inflates a whole gzip (window bits 31) or zlib (15) stream, as a client would.
func inflateWhole(_ bytes: [UInt8], windowBits: Int32) -> [UInt8]? {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer {
        stream.deinitialize(count: 1)
        stream.deallocate()
    }
    guard inflateInit2_(stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        return nil
    }
    defer { inflateEnd(stream) }
    var input = bytes
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16_384)
    var rc = Z_OK
    input.withUnsafeMutableBufferPointer { inputBuffer in
        stream.pointee.next_in = inputBuffer.baseAddress
        stream.pointee.avail_in = uInt(inputBuffer.count)
        repeat {
            chunk.withUnsafeMutableBufferPointer { out in
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = uInt(out.count)
                rc = inflate(stream, Z_NO_FLUSH)
                output += out[0..<(out.count - Int(stream.pointee.avail_out))]
            }
        } while rc == Z_OK
    }
    // The stream must end exactly where the input ends.
    guard rc == Z_STREAM_END, stream.pointee.avail_in == 0 else { return nil }
    return output
}

@Suite struct HTTPContentCodingTests {
    @Test func vectorsLoad() {
        #expect(AcceptEncodingVector.all.count >= 30)
        #expect(AcceptEncodingVector.random.count == 300)
    }

    @Test func negotiatesAsTheReferenceOnRandomValues() {
        for vector in AcceptEncodingVector.random {
            let headers = HTTPHeaders([("Accept-Encoding", vector.acceptEncoding)])
            #expect(HTTPContentCoding.negotiate(headers)?.token == vector.chosen, "\(vector.acceptEncoding)")
        }
    }

    @Test(arguments: AcceptEncodingVector.all)
    func negotiatesAsTheReference(_ vector: AcceptEncodingVector) {
        var headers = HTTPHeaders()
        if !vector.acceptEncoding.isEmpty { headers.add(name: "Accept-Encoding", value: vector.acceptEncoding) }
        #expect(HTTPContentCoding.negotiate(headers)?.token == vector.chosen)
    }

    @Test func repeatedFieldsCountAsOneList() {
        let headers = HTTPHeaders([("accept-encoding", "br"), ("Accept-Encoding", "deflate;q=0.5, gzip;q=0.4")])
        #expect(HTTPContentCoding.negotiate(headers) == .deflate)
    }

    @Test func overlongListsAreCut() {
        // Past the entry limit nothing more is read: gzip at position 64 is not seen.
        let filler = Array(repeating: "br", count: HTTPContentCoding.maxAcceptEntries).joined(separator: ",")
        #expect(HTTPContentCoding.negotiate(HTTPHeaders([("accept-encoding", filler + ",gzip")])) == nil)
        #expect(HTTPContentCoding.negotiate(HTTPHeaders([("accept-encoding", "gzip," + filler)])) == .gzip)
        let huge = "deflate;q=0.1," + String(repeating: "x;q=1;a=b,", count: 200_000)
        #expect(HTTPContentCoding.acceptEntries(HTTPHeaders([("accept-encoding", huge)])).count
            == HTTPContentCoding.maxAcceptEntries)
        #expect(HTTPContentCoding.negotiate(HTTPHeaders([("accept-encoding", huge)])) == .deflate)
    }

    @Test func parseFloatReadsNumericPrefixes() {
        #expect(HTTPContentCoding.parseFloat("0.5") == 0.5)
        #expect(HTTPContentCoding.parseFloat(".5") == 0.5)
        #expect(HTTPContentCoding.parseFloat("5.") == 5)
        #expect(HTTPContentCoding.parseFloat("1e-1") == 0.1)
        #expect(HTTPContentCoding.parseFloat("2e") == 2)
        #expect(HTTPContentCoding.parseFloat("0.3abc") == 0.3)
        #expect(HTTPContentCoding.parseFloat("-1") == -1)
        #expect(HTTPContentCoding.parseFloat("abc").isNaN)
        #expect(HTTPContentCoding.parseFloat("").isNaN)
        #expect(HTTPContentCoding.parseFloat(".").isNaN)
    }

    static let samples: [[UInt8]] = [
        [],
        Array("4hello".utf8),
        Array(String(repeating: "42[\"message\",\"the quick brown fox\"]\u{1e}", count: 400).utf8),
        (0..<200_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) },  // incompressible
    ]

    @Test(arguments: [HTTPContentCoding.gzip, .deflate], [Int32(-1), 0, 1, 9])
    func compressesToAStreamThatInflatesBack(_ coding: HTTPContentCoding, _ level: Int32) throws {
        for sample in Self.samples {
            let allocator = ByteBufferAllocator()
            var input = allocator.buffer(capacity: sample.count + 8)
            input.writeBytes([9, 9, 9])
            input.moveReaderIndex(forwardBy: 3)  // a buffer that does not start at index 0
            input.writeBytes(sample)
            let compressed = try coding.compress(input, level: level, allocator: allocator)
            #expect(input.readableBytes == sample.count, "input untouched")
            let bytes = Array(compressed.readableBytesView)
            if coding == .gzip {
                #expect(bytes.prefix(2) == [0x1F, 0x8B])
                #expect(inflateWhole(bytes, windowBits: 31) == sample)
                // A zlib-only reader must refuse it: the wrappers really differ.
                #expect(inflateWhole(bytes, windowBits: 15) == nil)
            } else {
                #expect(bytes.first.map { $0 & 0x0F } == 8, "zlib header, method deflate")
                #expect(inflateWhole(bytes, windowBits: 15) == sample)
                #expect(inflateWhole(bytes, windowBits: -15) == nil)
            }
        }
    }

    @Test func compressionShrinksRepetitiveBodies() throws {
        let sample = Self.samples[2]
        var input = ByteBufferAllocator().buffer(capacity: sample.count)
        input.writeBytes(sample)
        let compressed = try HTTPContentCoding.gzip.compress(input, level: -1, allocator: ByteBufferAllocator())
        #expect(compressed.readableBytes * 10 < sample.count)
    }

    @Test func refusesBadLevelsAndUnknownCodings() {
        let input = ByteBuffer(string: "x")
        #expect(throws: HTTPContentCodingError.invalidLevel) {
            try HTTPContentCoding.gzip.compressTyped(input, level: 10, allocator: ByteBufferAllocator())
        }
        #expect(throws: HTTPContentCodingError.invalidLevel) {
            try HTTPContentCoding.deflate.compressTyped(input, level: -2, allocator: ByteBufferAllocator())
        }
        #expect(throws: HTTPContentCodingError.unsupportedCoding) {
            try HTTPContentCoding(token: "br").compressTyped(input, level: -1, allocator: ByteBufferAllocator())
        }
    }
}
