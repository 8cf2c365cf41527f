import Foundation
import NIOHTTP1
import Testing

@testable import Transports

/// One request target and what the reference's `new URL(uri, base).searchParams` makes of it.
struct QueryVector: Decodable, Sendable, CustomTestStringConvertible {
    let encoded: String
    let pairs: [[String]]
    let query: [String: String]
    var testDescription: String { encoded }

    static let all: [QueryVector] = load("http-query.json")
    /// Pseudo-random targets with their Node answers: a differential test against the reference's parser.
    static let random: [QueryVector] = load("http-query-random.json")

    static func load(_ name: String) -> [QueryVector] {
        struct File: Decodable { let cases: [QueryVector] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors").appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data)
        else { return [] }
        return file.cases
    }
}

@Suite struct HTTPQueryTests {
    @Test func vectorsLoad() {
        #expect(QueryVector.all.count >= 30)
        #expect(QueryVector.random.count == 300)
    }

    @Test func matchesURLSearchParamsOnRandomTargets() {
        for vector in QueryVector.random {
            var pairs: [[String]] = []
            EngineQuery.forEachPair(in: vector.encoded) { pairs.append([$0, $1]) }
            #expect(pairs == vector.pairs, "\(vector.encoded)")
            #expect(EngineQuery.parse(vector.encoded) == vector.query, "\(vector.encoded)")
        }
    }

    @Test(arguments: QueryVector.all)
    func matchesURLSearchParams(_ vector: QueryVector) {
        var pairs: [[String]] = []
        EngineQuery.forEachPair(in: vector.encoded) { pairs.append([$0, $1]) }
        #expect(pairs == vector.pairs)
        #expect(EngineQuery.parse(vector.encoded) == vector.query)
    }

    @Test func requestHeadExposesTheQuery() {
        let head = EngineRequestHead(method: .GET, uri: "/engine.io/?EIO=4&transport=polling&sid=a%2Bb", headers: [:])
        #expect(head.query == ["EIO": "4", "transport": "polling", "sid": "a+b"])
        #expect(head.path == "/engine.io/")
    }

    @Test func tabsAndNewlinesAreRemovedAsTheURLParserDoes() {
        #expect(EngineQuery.parse("/?a\t=1\n&b=%4\t1") == ["a": "1", "b": "A"])
    }

    @Test func hostileInputStaysLinearAndSafe() {
        // 200k separators, escapes and broken escapes: finishes quickly, keeps only the distinct names.
        let noise = String(repeating: "&", count: 100_000) + String(repeating: "%", count: 50_000)
            + String(repeating: "%E2%82", count: 10_000)
        let parsed = EngineQuery.parse("/?" + noise + "=x&" + String(repeating: "a=1&", count: 20_000))
        #expect(parsed["a"] == "1")
        #expect(parsed.count == 2)
        let key = parsed.keys.first { $0 != "a" } ?? ""
        #expect(key.hasPrefix(String(repeating: "%", count: 50_000)))
        #expect(key.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 10_000)
    }
}
