import Foundation
import Testing
@_spi(Fuzzing) import Transports

/// Splits a fuzz input as Fuzz/Sources/FuzzSupport/FuzzInput.swift does: the first byte's low 3 bits give the
/// number of cut points, the next bytes the chunk lengths, the rest is the payload.
func httpFuzzChunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
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

/// Runs the fuzz target's check (HTTPFieldsFuzzCheck.swift) on one fuzz input; returns every failed check.
func runHTTPFieldsFuzzCheck(_ input: [UInt8]) -> [String] {
    var failures: [String] = []
    HTTPFieldsFuzzCheck(report: { ok, message in if !ok { failures.append(message) } }).run(httpFuzzChunks(input))
    return failures
}

@Suite struct HTTPFuzzReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let failCases: [URL] = {
        let directory = root.appendingPathComponent("Fuzz/FailCases/FuzzHTTPFields")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }
    }()

    /// The seeds Fuzz/seeds.py writes for FuzzHTTPFields: every `encoded` string of its vector files.
    static let seeds: [String] = {
        struct Case: Decodable { let encoded: String }
        struct File: Decodable { let cases: [Case] }
        let names = [
            "http-query.json", "http-accept-encoding.json", "http-query-random.json",
            "http-accept-encoding-random.json",
        ]
        return names.flatMap { name -> [String] in
            let url = root.appendingPathComponent("Tests/Vectors").appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data)
            else { return [] }
            return file.cases.map(\.encoded)
        }
    }()

    /// Every input the fuzzer ever flagged passes the fuzz target's check now.
    @Test(arguments: failCases)
    func replay(_ file: URL) throws {
        let failures = runHTTPFieldsFuzzCheck(try [UInt8](Data(contentsOf: file)))
        #expect(failures.isEmpty, "\(file.lastPathComponent): \(failures)")
    }

    /// Every seed passes the check whole, cut in three (Origin, Host, cookie name…), and cut after each byte of a
    /// short prefix.
    @Test func seedsPassTheCheck() {
        #expect(Self.seeds.count >= 600)
        for seed in Self.seeds {
            let bytes = Array(seed.utf8)
            let third = UInt8(min(bytes.count / 3, 255))
            for input in [[0] + bytes, [2, third, third] + bytes, [7, 1, 1, 1, 1, 1, 1, 1] + bytes] {
                let failures = runHTTPFieldsFuzzCheck(input)
                #expect(failures.isEmpty, "\(seed): \(failures)")
            }
        }
    }

    /// Hand-picked inputs for the paths seeds miss: origins, hosts, cookie attributes, refused header bytes.
    @Test(arguments: [
        "http://example.com", "https://Example.COM:443", "http://[::1]:8080", "null", "http://a.b/c", "http://u@h",
        "ws://h:", "http://h:99999", "http://h\r\nX: y", "gzip\u{301}, deflate", ",\u{301}gzip", "a\u{0}b",
    ])
    func handPickedInputsPassTheCheck(_ text: String) {
        let bytes = Array(text.utf8)
        for input in [[0] + bytes, [3, UInt8(bytes.count / 2), 2, 2] + bytes] {
            #expect(runHTTPFieldsFuzzCheck(input).isEmpty, "\(text)")
        }
    }

    @Test func chunking() {
        #expect(httpFuzzChunks([2, 1, 2, 10, 20, 21, 30]) == [[10], [20, 21], [30]])
        #expect(httpFuzzChunks([0, 5, 6]) == [[5, 6]])
        #expect(httpFuzzChunks([]) == [])
    }

    /// The check's oracles answer as the rules say, so a wrong parser would be caught.
    @Test func oraclesAreNotVacuous() {
        let check = HTTPFieldsFuzzCheck(report: { _, _ in })
        #expect(check.isHeaderValueOracle("a\tb é"))
        #expect(!check.isHeaderValueOracle("a\r\nb"))
        #expect(!check.isHeaderValueOracle("\u{7F}"))
        #expect(check.isDomainOracle(".example.com"))
        #expect(!check.isDomainOracle("-a.com"))
        #expect(!check.isDomainOracle("a..com"))
        #expect(!check.isDomainOracle(String(repeating: "a", count: 64)))
        #expect(check.authority(of: "https://h:1/p") == "h:1")
        #expect(check.swapASCIICase("Ab1é") == "aB1é")
        #expect(!check.sameScalars("\u{E9}", "e\u{301}"))
        // The probes reach the real parsers: a wrong answer would surface as a failed check.
        #expect(HTTPFieldProbes.negotiateEncoding(["gzip;q=0, *"]) == "deflate")
        #expect(HTTPFieldProbes.queryPairs("/?a=1&a=2").map(\.value) == ["1", "2"])
        #expect(HTTPFieldProbes.isSameOrigin("https://h", host: "h:443"))
        #expect(HTTPFieldProbes.requestPath("/engine.io/?\u{301}EIO=4") == "/engine.io/")
        #expect(!HTTPFieldProbes.isSameOrigin("http://h/\u{301}", host: "h/\u{301}"))
        #expect(!HTTPFieldProbes.isSameOrigin("http://\u{212A}", host: "k"))
        #expect(HTTPFieldProbes.isSameOrigin("HTTP://H:80", host: "h"))
        #expect(HTTPFieldProbes.negotiateEncoding([" \u{61A}gzip"]) == nil)
        #expect(HTTPFieldProbes.negotiateEncoding(["br,\u{301}gzip"]) == nil)
        #expect(HTTPFieldProbes.negotiateEncoding(["gzip;q=Infinity, deflate"]) == "gzip")
        #expect(
            HTTPFieldProbes.corsCheck(EngineCORS(), origin: ["https://evil"], host: ["h"], requestHeaders: []) == nil)
    }
}
