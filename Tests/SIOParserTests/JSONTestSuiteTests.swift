import Foundation
import SIOParser
import Testing

/// JSONTestSuite (nst/JSONTestSuite) parsing cases, found beside the repository as `../shared/testdata/...`
/// (CI clones the repository with `shared/` next to it; a git worktree one level deeper also finds it).
enum JSONTestSuite {
    static let directory: URL? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for up in ["..", "../.."] {
            let candidate = repo.appendingPathComponent("\(up)/shared/testdata/JSONTestSuite/test_parsing")
                .standardizedFileURL
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    static func files(prefix: String) throws -> [URL] {
        guard let directory else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix(prefix) && $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func parse(_ url: URL) throws -> Result<JSONValue, JSONError> {
        let bytes = try [UInt8](Data(contentsOf: url))
        do {
            return .success(try JSONDocument(parsing: bytes[...]).root.decodedValue())
        } catch {
            return .failure(error)
        }
    }
}

@Suite(.enabled(if: JSONTestSuite.directory != nil,
                "JSONTestSuite not found at <repo>/../shared/testdata/JSONTestSuite: clone shared/ beside the repo"))
struct JSONTestSuiteTests {
    @Test func everyYCaseIsAccepted() throws {
        let files = try JSONTestSuite.files(prefix: "y_")
        #expect(files.count == 95)
        for url in files {
            switch try JSONTestSuite.parse(url) {
            case .success(let value):
                // And it survives a round trip.
                let again = try JSONDocument(parsing: value.serialized()[...]).root.decodedValue()
                #expect(sameAsJavaScript(again, value), "\(url.lastPathComponent)")
            case .failure(let error):
                Issue.record("\(url.lastPathComponent) rejected: \(error)")
            }
        }
    }

    @Test func everyNCaseIsRejected() throws {
        let files = try JSONTestSuite.files(prefix: "n_")
        #expect(files.count == 188)
        for url in files {
            if case .success = try JSONTestSuite.parse(url) {
                Issue.record("\(url.lastPathComponent) accepted")
            }
        }
    }

    @Test func everyICaseMatchesTheDocumentedChoice() throws {
        let expected = try JSONVectors.load().implementationDefined
        let files = try JSONTestSuite.files(prefix: "i_")
        #expect(files.count == expected.count)
        for url in files {
            let name = url.deletingPathExtension().lastPathComponent
            guard let choice = expected[name] else {
                Issue.record("\(name) has no documented choice in Tests/Vectors/json.json")
                continue
            }
            switch try JSONTestSuite.parse(url) {
            case .success: #expect(choice == "accept", "\(name) accepted")
            case .failure(let error): #expect(choice == "reject", "\(name) rejected: \(error)")
            }
        }
    }
}
