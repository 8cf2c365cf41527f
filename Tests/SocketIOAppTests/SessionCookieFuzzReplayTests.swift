import Foundation
import Testing

/// Every crasher the fuzzer found (Fuzz/FailCases/FuzzSessionCookie/) must now pass the fuzz target's check, and so
/// must hand-picked hostile headers.
@Suite struct SessionCookieFuzzReplayTests {
    @Test func replayFuzzFailCases() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/FailCases/FuzzSessionCookie")
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        for url in files {
            let bytes = try [UInt8](Data(contentsOf: url))
            SessionCookieFuzzCheck { ok, message in #expect(ok, "\(url.lastPathComponent): \(message)") }.run([bytes])
        }
    }

    @Test(arguments: [
        "sio.sid=a.b; sio.sid=\"quoted\"; sio.sid=%zz; sio.sid=%E2%82%AC",
        String(repeating: "sio.sid=x;", count: 50),
        " ; ; =; sio.sid; sio.sid= ;sio.sid=\t.\t",
        "id with spaces, \"quotes\", semicolons; and %25 percent",
        "\u{0}\u{7F}é€😀",
    ])
    func hostileHeadersPassTheCheck(_ text: String) {
        var failures: [String] = []
        SessionCookieFuzzCheck { ok, message in if !ok { failures.append(message) } }.run([Array(text.utf8)])
        #expect(failures.isEmpty)
    }

    @Test func plainIDsAndEmptyChunksPass() {
        var failures: [String] = []
        SessionCookieFuzzCheck { ok, message in if !ok { failures.append(message) } }.run([Array("abc".utf8), []])
        #expect(failures.isEmpty)
    }
}
