import Foundation
import Testing
@_spi(Fuzzing) import Transports

/// Inputs the fuzzer reached (Fuzz/corpus-work/FuzzHTTPFields), answered by the reference's own code: Node 20's
/// `URL`/`URLSearchParams` for queries and negotiator 0.6.3 (what accepts 1.3.8 calls) for Accept-Encoding.
/// Fuzz/node-vectors.py writes the two vector files; rerun it after a long fuzz run to widen them.
@Suite struct HTTPFuzzDifferentialTests {
    struct QueryCase: Decodable {
        let encoded: String
        let pairs: [[String]]
    }

    struct AcceptCase: Decodable {
        let encoded: String
        let chosen: String?
    }

    struct File<Case: Decodable>: Decodable { let cases: [Case] }

    static func load<Case: Decodable>(_ name: String, as: Case.Type) -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors").appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File<Case>.self, from: data)
        else { return [] }
        return file.cases
    }

    @Test func queriesMatchURLSearchParams() {
        let cases = Self.load("http-query-fuzz.json", as: QueryCase.self)
        #expect(cases.count >= 200)
        for vector in cases {
            let pairs = HTTPFieldProbes.queryPairs(vector.encoded).map { [$0.name, $0.value] }
            let same =
                pairs.count == vector.pairs.count
                && zip(pairs, vector.pairs).allSatisfy {
                    $0.elementsEqual($1) { $0.unicodeScalars.elementsEqual($1.unicodeScalars) }
                }
            #expect(same, "\(vector.encoded.debugDescription): \(pairs) vs \(vector.pairs)")
        }
    }

    /// The two rules the fuzz vectors taught: trailing controls are stripped, and a `#` before any `?` leaves no query.
    @Test func urlParserPreprocessing() {
        #expect(HTTPFieldProbes.queryPairs("/?a=1\u{0}\t\u{1F} ").map(\.value) == ["1"])
        #expect(HTTPFieldProbes.queryPairs("/?a=1\u{0}#x\u{0}").map(\.value) == ["1\u{0}"])
        #expect(HTTPFieldProbes.queryPairs("/p#f?a=1").isEmpty)
        #expect(HTTPFieldProbes.queryPairs("/?a=1#f?b=2").map(\.name) == ["a"])
    }

    @Test func acceptEncodingMatchesNegotiator() {
        let cases = Self.load("http-accept-encoding-fuzz.json", as: AcceptCase.self)
        #expect(cases.count >= 200)
        for vector in cases {
            #expect(
                HTTPFieldProbes.negotiateEncoding([vector.encoded]) == vector.chosen,
                "\(vector.encoded.debugDescription)")
        }
    }
}
