import Foundation
import Testing

/// Every crasher the fuzzer found (Fuzz/FailCases/FuzzClusterMessage/) must now pass the fuzz target's check, and
/// every vector passes it too.
@Suite struct ClusterMessageFuzzReplayTests {
    @Test func replayFuzzFailCases() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/FailCases/FuzzClusterMessage")
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        for url in files {
            let bytes = try [UInt8](Data(contentsOf: url))
            ClusterMessageFuzzCheck { ok, message in #expect(ok, "\(url.lastPathComponent): \(message)") }
                .run([bytes])
        }
    }

    @Test func vectorsPassTheFuzzCheck() throws {
        let vectors = try ClusterMessageVectors.load()
        var checked = 0
        for encoded in vectors.valid.map(\.encodedHex) + vectors.invalid.map(\.encodedHex) {
            ClusterMessageFuzzCheck { ok, message in #expect(ok, "\(message)") }.run([bytes(hex: encoded)])
            checked += 1
        }
        #expect(checked == vectors.valid.count + vectors.invalid.count)
    }
}
