import Testing

@testable import Transports

@Suite struct EngineSessionIDTests {
    @Test func idsAreShortURLSafeAndDistinct() {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var seen = Set<String>()
        var usedCharacters = Set<UInt8>()
        for _ in 0..<2_000 {
            let id = EngineSessionID.random()
            #expect(id.utf8.count == EngineSessionID.defaultLength)
            #expect(id.utf8.allSatisfy(alphabet.contains))
            usedCharacters.formUnion(id.utf8)
            seen.insert(id)
        }
        #expect(seen.count == 2_000)
        // Every position draws from the whole alphabet: 30,000 characters leave none of the 64 unused.
        #expect(usedCharacters.count == 64)
    }

    @Test func defaultLengthFitsASmallString() {
        // Swift keeps at most 15 UTF-8 bytes inline; a longer default id would cost every session a heap object.
        #expect(EngineSessionID.defaultLength <= 15)
    }
}
