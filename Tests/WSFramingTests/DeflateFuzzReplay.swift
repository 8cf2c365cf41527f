import Foundation

/// Reads `Fuzz/FailCases/<Target>/` and splits each file the way `FuzzSupport.FuzzInput` does.
enum DeflateFuzzReplay {
    /// Every crasher file of a fuzz target, by file name; empty when there are none.
    static func failCases(_ target: String) throws -> [(String, [UInt8])] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/FailCases/\(target)")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return try names.sorted().map { ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    /// FuzzInput's layout: low 3 bits of the first byte = number of cuts, then that many chunk lengths, then payload.
    static func split(_ bytes: [UInt8]) -> (payload: [UInt8], chunks: [ArraySlice<UInt8>]) {
        guard let first = bytes.first else { return ([], []) }
        let cuts = min(Int(first & 7), bytes.count - 1)
        let body = Array(bytes[(1 + cuts)...])
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        for i in 0..<cuts {
            let length = min(Int(bytes[1 + i]), body.count - start)
            chunks.append(body[start..<(start + length)])
            start += length
        }
        chunks.append(body[start...])
        return (body, chunks)
    }
}
