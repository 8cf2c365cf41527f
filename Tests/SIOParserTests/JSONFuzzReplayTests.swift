import Foundation
import SIOParser
import Testing

/// Every crasher the fuzzer found (Fuzz/FailCases/FuzzJSON/) must now pass the fuzz target's checks.
@Test func replayFuzzFailCases() throws {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/FailCases/FuzzJSON")
    let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
    for url in files {
        let bytes = try [UInt8](Data(contentsOf: url))
        jsonFuzz(bytes) { ok, message in
            #expect(ok, "\(url.lastPathComponent): \(message)")
        }
    }
}

/// The replayed check can fail: a document whose round trip is fine passes, and the check notices a wrong answer.
@Test func fuzzCheckIsNotVacuous() throws {
    var failures: [String] = []
    jsonFuzz([0] + Array(#"["a",1.5,{"b":[null,true,"\ud800"]}]"#.utf8)) { ok, message in
        if !ok { failures.append(message) }
    }
    #expect(failures.isEmpty, "\(failures)")
    let wrong = sameAsJavaScript(.array([1, 2]), .array([1, 3]))
    #expect(!wrong)
    #expect(sameAsJavaScript(.int(72_057_594_037_927_940), .double(7.2057594037927933e16)))
}
