// Measures the engine layer's resident memory per idle WebSocket session (no network, fake transports). Runs only when
// CORE_MEMORY_SESSIONS is set, and prints the figure; it asserts nothing about it (figures belong in benchmarks):
//
//   CORE_MEMORY_SESSIONS=10000 swift test --filter measureIdleWebSocketSessionHeap
import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import Transports


@Test(.enabled(if: ProcessInfo.processInfo.environment["CORE_MEMORY_SESSIONS"] != nil))
func measureIdleWebSocketSessionHeap() async throws {
    let count = Int(ProcessInfo.processInfo.environment["CORE_MEMORY_SESSIONS"] ?? "") ?? 10_000
    let h = EndpointHarness()
    let head = EngineRequestHead(
        method: .GET, uri: "/engine.io/?EIO=4&transport=websocket",
        headers: ["Host": "localhost:3000", "Upgrade": "websocket", "Connection": "Upgrade"])
    // One session first, so one-time allocations (metadata, the loop's queues) are not counted.
    var upgrades: [FakeUpgrade] = []
    func open(_ n: Int) async throws {
        for _ in 0..<n {
            let upgrade = FakeUpgrade(loop: h.loop)
            h.endpoint.handleUpgrade(head, upgrade: upgrade)
            upgrades.append(upgrade)
        }
        let target = upgrades.count
        _ = try await eventually(h.loop) { h.endpoint.clientsCount == target ? true : nil }
    }
    try await open(1)
    upgrades.reserveCapacity(count + 1)
    let before = heapInUse()
    try await open(count)
    await h.loop.run()
    let after = heapInUse()
    // The fake transport and upgrade stand in for the host's objects; they are part of the figure.
    print("SESSION-RSS sessions=\(count) bytes/session=\((after - before) / count) (with a FakeTransport and FakeUpgrade each)")
    #expect(h.endpoint.clientsCount == count + 1)
}

/// Resident set size from /proc (Linux); 0 elsewhere.
private func heapInUse() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * 4096 : 0
}
