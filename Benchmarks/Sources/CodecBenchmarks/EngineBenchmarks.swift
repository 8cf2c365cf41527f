import BenchSupport
import EngineParser
import Foundation

// Engine.IO payload codec benchmarks. The peer would be Node's engine.io-parser, but Debian ships no
// node-engine.io-parser package (`apt-cache policy node-engine.io-parser` finds nothing), so the peer is a naive
// Swift baseline: split the body into Strings and decode base64 with Foundation, as a quick port would.

private typealias Slice = ArraySlice<UInt8>

/// 100 packets: 98 Socket.IO event messages of the usual size and two 256-byte binary messages.
private func benchmarkPackets() -> [EnginePacket<Slice>] {
    var packets: [EnginePacket<Slice>] = []
    for i in 0..<100 {
        if i == 33 || i == 66 {
            packets.append(.binary((0..<256).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i) }[...]))
        } else {
            let text = #"2["message",{"hello":"world","seq":\#(i),"room":"lobby"}]"#
            packets.append(.text(.message, Array(text.utf8)[...]))
        }
    }
    return packets
}

/// The naive baseline's packet: a type character and a String, or bytes from base64.
private enum NaivePacket {
    case text(Character, String)
    case binary(Data)
}

/// Naive v4 decode: one String for the body, split on the separator, one String (or Data) per packet.
private func naiveDecodeV4(_ body: [UInt8]) -> [NaivePacket] {
    let text = String(decoding: body, as: UTF8.self)
    return text.split(separator: "\u{1e}", omittingEmptySubsequences: false).map { record in
        if record.first == "b" { return .binary(Data(base64Encoded: String(record.dropFirst())) ?? Data()) }
        return .text(record.first ?? "?", String(record.dropFirst()))
    }
}

/// Naive v4 encode: Strings joined by the separator.
private func naiveEncodeV4(_ packets: [NaivePacket]) -> [UInt8] {
    let parts: [String] = packets.map { packet in
        switch packet {
        case .text(let type, let text): String(type) + text
        case .binary(let data): "b" + data.base64EncodedString()
        }
    }
    return Array(parts.joined(separator: "\u{1e}").utf8)
}

/// Naive v3 decode: the body as UTF-16 code units, lengths parsed from characters, a String per packet.
private func naiveDecodeV3(_ body: [UInt8]) -> [NaivePacket] {
    let units = Array(String(decoding: body, as: UTF8.self).utf16)
    var packets: [NaivePacket] = []
    var i = 0
    while i < units.count {
        var length = 0
        while i < units.count, units[i] != 0x3A {
            length = length * 10 + Int(units[i] - 0x30)
            i += 1
        }
        i += 1
        let record = String(decoding: units[i..<min(i + length, units.count)], as: UTF16.self)
        i += length
        if record.first == "b" {
            packets.append(.binary(Data(base64Encoded: String(record.dropFirst(2))) ?? Data()))
        } else {
            packets.append(.text(record.first ?? "?", String(record.dropFirst())))
        }
    }
    return packets
}

/// Naive v3 encode: `<utf16 count>:<packet>` per packet, through Strings.
private func naiveEncodeV3(_ packets: [NaivePacket]) -> [UInt8] {
    var out = ""
    for packet in packets {
        let record: String
        switch packet {
        case .text(let type, let text): record = String(type) + text
        case .binary(let data): record = "b4" + data.base64EncodedString()
        }
        out += "\(record.utf16.count):" + record
    }
    return Array(out.utf8)
}

/// Decodes a whole body with a streaming decoder, returning the packet count.
private func decodeAll<D>(_ body: Slice, _ decoder: D, _ next: (inout D, inout Slice) throws(EngineError) -> EnginePacket<Slice>?) -> Int {
    var decoder = decoder
    var buffer = body
    var count = 0
    do {
        while let packet = try next(&decoder, &buffer) {
            blackHole(packet)
            count += 1
        }
    } catch {
        fatalError("benchmark payload failed to decode: \(error)")
    }
    return count
}

func runEngineBenchmarks() {
    let packets = benchmarkPackets()
    var v4: [UInt8] = []
    EngineV4PayloadEncoder.encode(packets, into: &v4)
    var v3: [UInt8] = []
    EngineV3PayloadEncoder.encodeText(packets, into: &v3)
    var v3binary: [UInt8] = []
    EngineV3PayloadEncoder.encodeBinary(packets, into: &v3binary)
    let naive = naiveDecodeV4(v4)
    precondition(naive.count == 100 && naiveDecodeV3(v3).count == 100)
    precondition(naiveEncodeV4(naive) == v4 && naiveEncodeV3(naive) == v3, "baseline must produce the same bytes")
    print("engine: Debian ships no node-engine.io-parser; the peer is a naive Swift baseline (String split + Foundation base64)")

    if Bench.selected("engine.v4.decode") {
        let body = v4[...]
        let ours = Bench.measure(bytesPerOp: v4.count) {
            blackHole(decodeAll(body, EngineV4PayloadDecoder()) { (d: inout EngineV4PayloadDecoder, b: inout Slice) throws(EngineError) in
                try d.next(&b, isComplete: true)
            })
        }
        let peer = Bench.measure(bytesPerOp: v4.count) { blackHole(naiveDecodeV4(v4)) }
        Bench.report("engine.v4.decode (100 packets)", ours, peer: peer, peerName: "naive")
    }
    if Bench.selected("engine.v4.encode") {
        var out: [UInt8] = []
        out.reserveCapacity(v4.count)
        let ours = Bench.measure(bytesPerOp: v4.count) {
            out.removeAll(keepingCapacity: true)
            EngineV4PayloadEncoder.encode(packets, into: &out)
            blackHole(out)
        }
        let peer = Bench.measure(bytesPerOp: v4.count) { blackHole(naiveEncodeV4(naive)) }
        Bench.report("engine.v4.encode (100 packets)", ours, peer: peer, peerName: "naive")
    }
    if Bench.selected("engine.v3.decode") {
        let body = v3[...]
        let ours = Bench.measure(bytesPerOp: v3.count) {
            blackHole(decodeAll(body, EngineV3PayloadDecoder()) { (d: inout EngineV3PayloadDecoder, b: inout Slice) throws(EngineError) in
                try d.next(&b, isComplete: true)
            })
        }
        let peer = Bench.measure(bytesPerOp: v3.count) { blackHole(naiveDecodeV3(v3)) }
        Bench.report("engine.v3.decode (100 packets, text)", ours, peer: peer, peerName: "naive")
    }
    if Bench.selected("engine.v3.encode") {
        var out: [UInt8] = []
        out.reserveCapacity(v3.count)
        let ours = Bench.measure(bytesPerOp: v3.count) {
            out.removeAll(keepingCapacity: true)
            EngineV3PayloadEncoder.encodeText(packets, into: &out)
            blackHole(out)
        }
        let peer = Bench.measure(bytesPerOp: v3.count) { blackHole(naiveEncodeV3(naive)) }
        Bench.report("engine.v3.encode (100 packets, text)", ours, peer: peer, peerName: "naive")
    }
    if Bench.selected("engine.v3binary.decode") {
        let body = v3binary[...]
        let ours = Bench.measure(bytesPerOp: v3binary.count) {
            blackHole(decodeAll(body, EngineV3BinaryPayloadDecoder()) { (d: inout EngineV3BinaryPayloadDecoder, b: inout Slice) throws(EngineError) in
                try d.next(&b, isComplete: true)
            })
        }
        Bench.report("engine.v3binary.decode (100 packets, XHR2)", ours)
    }
}
