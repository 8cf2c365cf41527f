import Foundation
import SIOParser
import SocketIOApp
import Testing

/// Hostile or broken configuration text: every outcome is a value or an `AppConfigurationError`, never a crash, and
/// a value that decodes round-trips.
@Suite struct ConfigurationRobustnessTests {
    /// Decodes `bytes`; when that succeeds, encodes and decodes again and requires the same value.
    static func check(_ bytes: [UInt8]) -> Bool {
        guard let configuration = try? SocketIOAppConfiguration.decode(json: bytes) else { return false }
        let again = try? SocketIOAppConfiguration.decode(json: SIOValueEncoder().encode(configuration).json)
        #expect(again == configuration, "\(String(decoding: bytes, as: UTF8.self))")
        return true
    }

    @Test func everySingleByteEditOfTheExampleIsHandled() async throws {
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: ConfigurationFixtures.path("app.json"))))
        #expect(Self.check(original))
        var decoded = 0
        let replacements: [UInt8] = Array("\"}],:0 ".utf8) + [0xFF]
        for index in original.indices {
            // Seconds of work: let the other tests' tasks run on the pool meanwhile.
            await Task.yield()
            var deleted = original
            deleted.remove(at: index)
            if Self.check(deleted) { decoded += 1 }
            for byte in replacements where byte != original[index] {
                var edited = original
                edited[index] = byte
                if Self.check(edited) { decoded += 1 }
            }
        }
        // Edits inside strings and whitespace still decode; most others must not.
        #expect(decoded > 0)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        for depth in [200, 600, 100_000] {
            let text = #"{"settings": "# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
            #expect(throws: AppConfigurationError.self) { try SocketIOAppConfiguration.decode(json: text.utf8) }
        }
        let shallow = #"{"settings": "# + String(repeating: "[", count: 50) + String(repeating: "]", count: 50) + "}"
        #expect(throws: Never.self) { try SocketIOAppConfiguration.decode(json: shallow.utf8) }
    }
}
