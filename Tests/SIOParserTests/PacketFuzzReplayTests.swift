import Foundation
import SIOParser
import Testing

/// Splits a fuzz input as Fuzz/Sources/FuzzSupport/FuzzInput.swift does: the first byte's low 3 bits give the
/// number of cut points, the next bytes the chunk lengths, the rest is the payload.
func packetFuzzChunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    guard let first = bytes.first else { return [] }
    let cuts = min(Int(first & 7), bytes.count - 1)
    let body = Array(bytes[(1 + cuts)...])
    var result: [ArraySlice<UInt8>] = []
    var start = 0
    for i in 0..<cuts {
        let length = min(Int(bytes[1 + i]), body.count - start)
        result.append(body[start..<(start + length)])
        start += length
    }
    result.append(body[start...])
    return result
}

/// The FuzzSIOPacket check (Fuzz/Sources/FuzzSIOPacket/FuzzSIOPacket.swift), with `#expect` for `fuzzCheck`.
enum FuzzSIOPacketCheck {
    typealias Packet = SIOPacket<ArraySlice<UInt8>>

    static func run(_ input: [UInt8]) {
        let chunks = packetFuzzChunks(input)
        guard let text = chunks.first else { return }
        for version in [SIOProtocolVersion.v5, .v4] {
            check(text: text, attachments: Array(chunks.dropFirst()), options: SIOPacketOptions(version: version))
        }
    }

    static func decode(_ text: ArraySlice<UInt8>, _ attachments: [ArraySlice<UInt8>], _ options: SIOPacketOptions)
        -> Packet?
    {
        var decoder = SIOPacketDecoder<ArraySlice<UInt8>>(options: options)
        do {
            var result = try decoder.receive(text: text)
            for attachment in attachments {
                if result.packet != nil {
                    #expect(throws: SIOPacketError.unexpectedBinary) { try decoder.receive(binary: attachment) }
                    return nil
                }
                result = try decoder.receive(binary: attachment)
            }
            return result.packet
        } catch {
            #expect(!error.detail.isEmpty)
            return nil
        }
    }

    static func sameHeader(_ a: Packet, _ b: Packet) -> Bool {
        a.type == b.type && a.ackID == b.ackID && a.header.attachmentCount == b.header.attachmentCount
            && a.namespace == b.namespace && a.query.map(Array.init) == b.query.map(Array.init)
    }

    static func check(text: ArraySlice<UInt8>, attachments: [ArraySlice<UInt8>], options: SIOPacketOptions) {
        guard let packet = decode(text, attachments, options) else { return }
        if let name = packet.eventName {
            #expect(packet.eventNameBytes.map(Array.init) == Array(name.rawBytes))
            if let string = name.stringValue, !name.hasLoneSurrogate { #expect(packet.eventNameEquals(string)) }
        } else {
            #expect(packet.eventNameBytes == nil)
        }
        let encoder = SIOPacketEncoder(options: options)
        var again: [UInt8] = []
        #expect(throws: Never.self) { try encoder.encode(packet, into: &again) }
        guard let second = decode(again[...], packet.attachments, options) else {
            Issue.record("re-encoded packet does not decode")
            return
        }
        #expect(sameHeader(packet, second))
        #expect(packet.payload.map { Array($0.bytes) } == second.payload.map { Array($0.bytes) })
        #expect(packet.attachments.map(Array.init) == second.attachments.map(Array.init))

        let utf8OK =
            (packet.namespaceBytes.map { String(decoding: $0, as: UTF8.self).utf8.count == $0.count } ?? true)
            && (packet.query.map { String(decoding: $0, as: UTF8.self).utf8.count == $0.count } ?? true)
        guard utf8OK else { return }
        let value = packet.decodedPayload()
        var fromValue: [UInt8] = []
        var produced: [[UInt8]] = []
        do {
            if packet.type == .connect {
                try encoder.encodeConnect(
                    namespace: packet.namespace, payload: value,
                    query: packet.query.map { String(decoding: $0, as: UTF8.self) }, into: &fromValue)
            } else {
                produced = try encoder.encode(
                    packet.type, namespace: packet.namespace, ackID: packet.ackID, payload: value, into: &fromValue)
            }
        } catch {
            Issue.record("decoded value does not encode: \(error)")
            return
        }
        guard let third = decode(fromValue[...], produced.map { $0[...] }, options) else {
            Issue.record("value-encoded packet does not decode: \(String(decoding: fromValue, as: UTF8.self))")
            return
        }
        #expect(third.type == packet.type && third.ackID == packet.ackID)
        // A placeholder under a duplicated key is shadowed in the value (the last duplicate wins, as in JSON.parse).
        #expect(third.header.attachmentCount <= packet.header.attachmentCount)
    }
}

@Suite struct PacketFuzzReplayTests {
    static let failCases: [URL] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/FailCases/FuzzSIOPacket")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }
    }()

    /// Every crasher the fuzzer ever found passes the fuzz target's check now.
    @Test(arguments: failCases)
    func replay(_ file: URL) throws {
        let bytes = try [UInt8](Data(contentsOf: file))
        FuzzSIOPacketCheck.run(bytes)
    }

    /// The replay itself works: every vector, fed as a fuzz seed (zero byte + text), passes the check.
    @Test func vectorsPassTheCheck() {
        for vector in PacketVector.all {
            FuzzSIOPacketCheck.run([0] + vector.text)
        }
        #expect(!Self.failCases.isEmpty)
    }

    @Test func chunking() {
        #expect(packetFuzzChunks([2, 1, 2, 10, 20, 21, 30]) == [[10], [20, 21], [30]])
        #expect(packetFuzzChunks([0, 5, 6]) == [[5, 6]])
    }
}
