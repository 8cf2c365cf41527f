import Foundation
import SIOParser
import Testing

/// Splits a fuzz input as Fuzz/Sources/FuzzSupport/FuzzInput.swift does: the first byte's low 3 bits give the
/// number of cut points, the next bytes the chunk lengths, the rest is the payload.
func packetFuzzChunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    guard let first = bytes.first else { return [] }
    let cuts = min(Int(first & 7), bytes.count - 1)
    let body = Array(bytes[(1 + cuts)...])
    var result: [ArraySlice<UInt8>] = []
    var start = 0
    for i in 0..<cuts {
        let length = min(Int(bytes[1 + i]), body.count - start)
        result.append(body[start..<(start + length)])
        start += length
    }
    result.append(body[start...])
    return result
}

/// Runs the fuzz target's check (PacketFuzzCheck.swift) on one fuzz input, recording every failed check.
func runPacketFuzzCheck(_ input: [UInt8]) {
    PacketFuzzCheck(report: { ok, message in
        if !ok { Issue.record(Comment(rawValue: message)) }
    }).run(packetFuzzChunks(input))
}

@Suite struct PacketFuzzReplayTests {
    static let failCases: [URL] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/FailCases/FuzzSIOPacket")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }
    }()

    /// Every crasher the fuzzer ever found passes the fuzz target's check now.
    @Test(arguments: failCases)
    func replay(_ file: URL) throws {
        let bytes = try [UInt8](Data(contentsOf: file))
        runPacketFuzzCheck(bytes)
    }

    /// The replay itself works: every vector, fed as a fuzz seed (zero byte + text), passes the check.
    @Test func vectorsPassTheCheck() {
        for vector in PacketVector.all {
            runPacketFuzzCheck([0] + vector.text)
        }
        #expect(!Self.failCases.isEmpty)
    }

    @Test func chunking() {
        #expect(packetFuzzChunks([2, 1, 2, 10, 20, 21, 30]) == [[10], [20, 21], [30]])
        #expect(packetFuzzChunks([0, 5, 6]) == [[5, 6]])
    }
}
