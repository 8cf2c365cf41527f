import Foundation
import SIOParser
import Testing

@testable import Adapters

/// The cluster message vectors (Tests/Vectors/cluster-messages.json).
struct ClusterMessageVectors: Decodable {
    struct Valid: Decodable {
        var name: String
        var encodedHex: String
        var type: Int
        var uid: String
        var nsp: String
        var requestId: String?
        var rooms: [String]?
        var except: [String]?
        var timeoutMilliseconds: Int64?
        var packet: String?
        var attachmentsHex: [String]?
        var offset: String?
        var joinRooms: [String]?
        var close: Bool?
        var clientCount: Int?
        var socketIDs: [String]?
    }
    struct Invalid: Decodable {
        var name: String
        var encodedHex: String
        var error: String
    }
    var valid: [Valid]
    var invalid: [Invalid]

    static func load() throws -> ClusterMessageVectors {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/cluster-messages.json")
        return try JSONDecoder().decode(ClusterMessageVectors.self, from: Data(contentsOf: url))
    }
}

func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
        out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return out
}

func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

@Suite struct ClusterMessageTests {
    @Test func validVectorsDecodeAndReencodeByteForByte() throws {
        for vector in try ClusterMessageVectors.load().valid {
            let input = bytes(hex: vector.encodedHex)
            let message = try ClusterMessage(decoding: input)
            #expect(message.kind.rawValue == vector.type, "\(vector.name)")
            #expect(message.uid == vector.uid)
            #expect(message.namespace == vector.nsp)
            #expect(message.requestID == vector.requestId)
            #expect(message.offset == vector.offset)
            #expect(message.close == (vector.close ?? false))
            #expect(message.clientCount == vector.clientCount)
            if let rooms = vector.rooms { #expect(message.options?.rooms == Set(rooms)) }
            if let except = vector.except { #expect(message.options?.except == Set(except)) }
            if let timeout = vector.timeoutMilliseconds {
                #expect(message.options?.flags.timeout == .milliseconds(timeout))
            }
            #expect(message.packet?.jsonString == vector.packet)
            let attachments = message.packet?.attachments.map { $0.withAttachmentBytes { Array($0) } } ?? []
            #expect(attachments.map(hex) == (vector.attachmentsHex ?? []))
            #expect(message.rooms == (vector.joinRooms ?? []))
            #expect(message.sockets.map(\.id) == (vector.socketIDs ?? []))
            #expect(hex(message.encoded()) == vector.encodedHex, "\(vector.name)")
        }
    }

    @Test func invalidVectorsGiveTheirError() throws {
        for vector in try ClusterMessageVectors.load().invalid {
            let expected: ClusterMessageError = vector.error == "truncated" ? .truncated : .invalidEnvelope
            #expect(throws: expected, "\(vector.name)") { try ClusterMessage(decoding: bytes(hex: vector.encodedHex)) }
        }
    }

    /// Every proper prefix of a valid message is an error, never a crash; so is every single-byte change that the
    /// decoder rejects (and one it accepts re-encodes and decodes to the same bytes).
    @Test func truncationAndCorruptionNeverCrash() throws {
        for vector in try ClusterMessageVectors.load().valid {
            let input = bytes(hex: vector.encodedHex)
            for end in 0..<input.count {
                #expect(throws: ClusterMessageError.self) { try ClusterMessage(decoding: Array(input[..<end])) }
            }
            for index in input.indices {
                for value: UInt8 in [0x00, 0x22, 0x5B, 0x7D, 0xFF] {
                    var corrupted = input
                    corrupted[index] = value
                    guard let message = try? ClusterMessage(decoding: corrupted) else { continue }
                    let again = try ClusterMessage(decoding: message.encoded())
                    #expect(again.encoded() == message.encoded())
                }
            }
        }
    }

    @Test func roundTripOfEveryField() throws {
        var message = ClusterMessage(.fetchSocketsResponse, uid: "u", namespace: "/x")
        message.requestID = "r"
        message.options = BroadcastOptions(
            rooms: ["a", "b"], except: ["c"], flags: BroadcastFlags(volatile: true, compress: false, local: true, timeout: .seconds(2))
        )
        message.rooms = ["j"]
        message.close = true
        message.offset = "o"
        message.clientCount = 7
        message.sockets = [SocketDetails(id: "s", handshake: ["h": 1], rooms: ["s", "z"], data: ["d": [1, 2]])]
        message.packet = EncodedArguments(json: Array(#"["e",{"_placeholder":true,"num":0}]"#.utf8), attachments: [[9, 9]])
        let decoded = try ClusterMessage(decoding: message.encoded())
        #expect(decoded.options == message.options)
        #expect(decoded.sockets.first?.rooms == ["s", "z"])
        #expect(decoded.sockets.first?.data == ["d": [1, 2]])
        #expect(decoded.encoded() == message.encoded())
    }
}
