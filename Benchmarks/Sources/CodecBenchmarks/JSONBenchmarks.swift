import BenchSupport
import Foundation
import SIOParser

/// JSON parse (validate + full decode; validate + first element) and serialize, on a small Socket.IO-style object
/// and a deterministic ~64 KiB document; the peer is Node's JSON.parse / JSON.stringify (Benchmarks/node/json-peer.js).
func runJSONBenchmarks() {
    let small = Array(#"{"user":"a","text":"hello"}"#.utf8)
    let large = JSONBenchmarkData.document(targetBytes: 64 * 1024)
    for (label, bytes) in [("small", small), ("64KiB", large)] {
        let names = ["json.parse+decode", "json.parse+first", "json.serialize"].map { "\($0) \(label)" }
        guard names.contains(where: Bench.selected) else { continue }
        let peer = JSONPeer.run(bytes)
        let slice = bytes[...]
        guard let document = try? JSONDocument(parsing: slice) else {
            print("json benchmark document does not parse")
            return
        }
        let value = document.root.decodedValue()

        if Bench.selected(names[0]) {
            let ours = Bench.measure(bytesPerOp: bytes.count) {
                blackHole(try? JSONDocument(parsing: slice).root.decodedValue())
            }
            Bench.report(names[0], ours, peer: peer["parse"].map { Throughput(opsPerSecond: $0, bytesPerOp: bytes.count) },
                         peerName: "node JSON.parse")
        }
        if Bench.selected(names[1]) {
            let ours = Bench.measure(bytesPerOp: bytes.count) {
                let root = try? JSONDocument(parsing: slice).root
                let first = root?[0] ?? root?.members.first(where: { _ in true })?.value
                blackHole(first?.stringValue)
            }
            Bench.report(names[1], ours, peer: peer["parse"].map { Throughput(opsPerSecond: $0, bytesPerOp: bytes.count) },
                         peerName: "node JSON.parse")
        }
        if Bench.selected(names[2]) {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count * 2)
            let ours = Bench.measure(bytesPerOp: bytes.count) {
                out.removeAll(keepingCapacity: true)
                value.serialize(into: &out)
                blackHole(out.count)
            }
            Bench.report(names[2], ours,
                         peer: peer["stringify"].map { Throughput(opsPerSecond: $0, bytesPerOp: bytes.count) },
                         peerName: "node JSON.stringify")
        }
    }
}

/// Runs Node on the same bytes; an empty result (and a note) when Node is missing.
enum JSONPeer {
    static func run(_ bytes: [UInt8]) -> [String: Double] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("node/json-peer.js")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("json-bench-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        let pipe = Pipe()
        do {
            try Data(bytes).write(to: file)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["node", script.path, file.path, Bench.smoke ? "0.01" : "1"]
            process.standardOutput = pipe
            try process.run()
        } catch {
            print("(node peer unavailable: \(error))")
            return [:]
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var results: [String: Double] = [:]
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let op = object["op"] as? String, let rate = object["opsPerSecond"] as? Double else { continue }
            results[op] = rate
        }
        if results.isEmpty { print("(node peer produced no figures)") }
        return results
    }
}

/// A deterministic document shaped like Socket.IO traffic: an array of message objects with ASCII and non-ASCII
/// text, escapes, integers, doubles, booleans, nulls and small nested arrays.
enum JSONBenchmarkData {
    static func document(targetBytes: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let words = ["hello", "world", "socket", "message", "room", "naïve", "café", "日本語", "emoji 😀", "quote \"x\"",
                     "line\nbreak", "tab\there", "path/to/file", "lorem", "ipsum", "dolor"]
        var messages: [JSONValue] = []
        var size = 0
        var id: Int64 = 0
        while size < targetBytes {
            id += 1
            var text = ""
            for k in 0..<Int(4 + next() % 8) { text += (k > 0 ? " " : "") + words[Int(next() % UInt64(words.count))] }
            let message: JSONValue = [
                "id": .int(id),
                "user": .string("user\(next() % 1000)"),
                "room": .string(words[Int(next() % 4)]),
                "text": .string(text),
                "score": .double(Double(next() % 100_000) / 128),
                "ts": .int(1_700_000_000_000 + Int64(next() % 1_000_000)),
                "read": .bool(next() % 2 == 0),
                "reply": next() % 3 == 0 ? .null : .int(Int64(next() % 500)),
                "tags": .array((0..<Int(next() % 4)).map { _ in .string(words[Int(next() % UInt64(words.count))]) }),
            ]
            size += message.serialized().count + 1
            messages.append(message)
        }
        return JSONValue.array(messages).serialized()
    }
}
