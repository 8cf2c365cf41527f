import BenchSupport
import Foundation
import SIOParser

/// One Socket.IO benchmark vector: a text packet and its attachments, as Engine.IO messages.
private struct SIOVector {
    let name: String
    let text: [UInt8]
    let attachments: [[UInt8]]

    var byteCount: Int { text.count + attachments.reduce(0) { $0 + $1.count } }

    /// The vector as the peer script reads it.
    var peerJSON: [String: Any] {
        let hex = attachments.map { "hex:" + $0.map { String(format: "%02x", $0) }.joined() }
        return ["name": name, "parts": [String(decoding: text, as: UTF8.self)] + hex]
    }
}

/// An EVENT of about 1 KiB of JSON: a list of items with strings, numbers, booleans and nested arrays.
private func largeEventText() -> String {
    var items: [String] = []
    var id = 0
    var text = ""
    repeat {
        id += 1
        items.append(
            #"{"id":\#(id),"name":"item-\#(id)","price":\#(id * 7).5,"tags":["red","sale"],"stock":\#(id * 13),"active":\#(id % 2 == 0)}"#
        )
        text = #"2["inventory",{"store":"north","items":["# + items.joined(separator: ",") + "]}]"
    } while text.utf8.count < 1000
    return text
}

private let sioVectors: [SIOVector] = {
    var seed: UInt32 = 12345
    func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in
            seed = seed &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: seed >> 16)
        }
    }
    return [
        SIOVector(name: "CONNECT", text: Array(#"0/admin,{"token":"123"}"#.utf8), attachments: []),
        SIOVector(name: "EVENT small", text: Array(#"2["chat",{"user":"a","text":"hello"}]"#.utf8), attachments: []),
        SIOVector(name: "EVENT 1 KiB", text: Array(largeEventText().utf8), attachments: []),
        SIOVector(
            name: "BINARY_EVENT 2x4 KiB",
            text: Array(#"52-["file",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#.utf8),
            attachments: [bytes(4096), bytes(4096)]),
    ]
}()

/// Runs Benchmarks/node/sio-parser-peer.js on the same vectors; returns "decode NAME" / "encode NAME" → ops/s.
private func runSIOPeer(_ vectors: [SIOVector]) -> [String: Double] {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("node/sio-parser-peer.js")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["node", script.path, Bench.smoke ? "0.01" : "1"]
    var environment = ProcessInfo.processInfo.environment
    environment["NODE_PATH"] = "/usr/share/nodejs"
    process.environment = environment
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    do {
        try process.run()
    } catch {
        print("sio peer: cannot start node: \(error)")
        return [:]
    }
    let request = (try? JSONSerialization.data(withJSONObject: vectors.map(\.peerJSON))) ?? Data()
    input.fileHandleForWriting.write(request)
    try? input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        print("sio peer: node exited with \(process.terminationStatus) (is node-socket.io-parser installed?)")
        return [:]
    }
    var figures: [String: Double] = [:]
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
            continue
        }
        figures[String(line[..<space])] = value
    }
    return figures
}

/// Socket.IO packet decode (header, full JSON validation, placeholders, event name) and encode (from `JSONValue`
/// arguments, binary values becoming attachments), against Node's socket.io-parser on the same vectors.
func runSIOBenchmarks() {
    let vectors = sioVectors.filter {
        Bench.selected("sio decode \($0.name)") || Bench.selected("sio encode \($0.name)")
    }
    guard !vectors.isEmpty else { return }
    let peer = runSIOPeer(vectors)
    for vector in vectors {
        let text = vector.text[...]
        let attachments = vector.attachments.map { $0[...] }
        var decoder = SIOPacketDecoder<ArraySlice<UInt8>>()
        if Bench.selected("sio decode \(vector.name)") {
            let decode = Bench.measure(bytesPerOp: vector.byteCount) {
                do {
                    var result = try decoder.receive(text: text)
                    for attachment in attachments { result = try decoder.receive(binary: attachment) }
                    // What a server reads before dispatch: the packet and its event name (a slice of the input).
                    guard case .packet(let packet) = result else { fatalError("\(vector.name) did not decode") }
                    blackHole(packet.eventNameBytes?.count ?? packet.header.payloadStart)
                } catch {
                    fatalError("\(vector.name): \(error)")
                }
            }
            Bench.report(
                "sio decode \(vector.name)", decode,
                peer: peer["decode \(vector.name)"].map { Throughput(opsPerSecond: $0, bytesPerOp: vector.byteCount) },
                peerName: "node")
        }
        guard Bench.selected("sio encode \(vector.name)") else { continue }

        // The packet's values, as an application hands them to the encoder.
        var once = SIOPacketDecoder<ArraySlice<UInt8>>()
        guard var result = try? once.receive(text: text) else { fatalError("\(vector.name) did not decode") }
        for attachment in attachments { result = (try? once.receive(binary: attachment)) ?? result }
        guard let packet = result.packet else { fatalError("\(vector.name) did not decode") }
        let encoder = SIOPacketEncoder()
        let payload = packet.decodedPayload()
        let eventName = packet.eventName?.stringValue
        let arguments = packet.decodedArguments()
        let namespace = packet.namespace
        // What is timed must produce the vector's own bytes.
        var check: [UInt8] = []
        let checkAttachments =
            eventName.map { try? encoder.encodeEvent($0, arguments: arguments, into: &check) }
            ?? ((try? encoder.encodeConnect(namespace: namespace, payload: payload, into: &check)).map { [] })
        guard check == vector.text, checkAttachments == vector.attachments else {
            fatalError("\(vector.name) encodes as \(String(decoding: check, as: UTF8.self))")
        }
        let encode = Bench.measure(bytesPerOp: vector.byteCount) {
            var out: [UInt8] = []
            do {
                if let eventName {
                    blackHole(try encoder.encodeEvent(eventName, arguments: arguments, into: &out))
                } else {
                    try encoder.encodeConnect(namespace: namespace, payload: payload, into: &out)
                }
            } catch {
                fatalError("\(vector.name): \(error)")
            }
            blackHole(out)
        }
        Bench.report(
            "sio encode \(vector.name)", encode,
            peer: peer["encode \(vector.name)"].map { Throughput(opsPerSecond: $0, bytesPerOp: vector.byteCount) },
            peerName: "node")
    }
}
