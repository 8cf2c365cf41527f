import Logging
import SIODemoKit
import SocketIOTesting
import Synchronization
import Testing

/// Keeps every record, for checking what the `log` middleware writes.
final class RecordingLogHandler: LogHandler, Sendable {
    struct Record: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private let records = Mutex<[Record]>([])
    var logLevel: Logger.Level {
        get { .debug }
        set {}
    }
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        var flat: [String: String] = [:]
        for (key, value) in event.metadata ?? [:] { flat[key] = "\(value)" }
        records.withLock {
            $0.append(Record(level: event.level, message: "\(event.message)", metadata: flat))
        }
    }

    var all: [Record] { records.withLock { $0 } }
}

@Suite struct DemoLogTests {
    @Test func theLogMiddlewareWritesEachEventAndItsDuration() async throws {
        let handler = RecordingLogHandler()
        let logger = Logger(label: "sio-demo-test") { _ in handler }
        let server = try await DemoServer.start(
            port: 0, configuration: DemoLauncher.configuration(path: nil), now: { ChatHarness.now }, logger: logger)
        do {
            let chat = ChatHarness(server: server)
            let alice = try await chat.join("alice")
            let aliceID = try #require(alice.id)
            _ = try await alice.sendWithAck("chat", DemoChatRequest(text: "logged"))
            await alice.close()
            let mine = handler.all.filter { $0.metadata["socket"] == aliceID && $0.metadata["event"] == "chat" }
            #expect(mine.map(\.message) == ["event", "event handled"])
            #expect(mine.allSatisfy { $0.level == .debug })
            #expect(mine.last?.metadata["duration"]?.hasSuffix("seconds") == true)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }
}
