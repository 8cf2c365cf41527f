import BenchSupport
import Foundation
import SIOParser

/// Codable bridging on an EVENT payload, `["chat",{"user":"a","text":"hello","room":7}]`: decode (validate with
/// JSONDocument, then SIOValueDecoder) and encode (SIOValueEncoder), against Foundation's JSONDecoder and
/// JSONEncoder on the same bytes and the same `Decodable`/`Encodable` type, in the same process.
func runCodableBenchmarks() {
    let payload = Array(#"["chat",{"user":"a","text":"hello","room":7}]"#.utf8)
    let slice = payload[...]
    let data = Data(payload)
    let value = ChatEvent(name: "chat", message: ChatMessage(user: "a", text: "hello", room: 7))

    if Bench.selected("codable.decode event") {
        let decoder = SIOValueDecoder()
        let ours = Bench.measure(bytesPerOp: payload.count) {
            let document = try? JSONDocument(parsing: slice)
            blackHole(document.flatMap { try? decoder.decode(ChatEvent.self, from: $0.root) })
        }
        let foundation = JSONDecoder()
        let peer = Bench.measure(bytesPerOp: payload.count) {
            blackHole(try? foundation.decode(ChatEvent.self, from: data))
        }
        Bench.report("codable.decode event", ours, peer: peer, peerName: "JSONDecoder")
    }
    if Bench.selected("codable.decodeArguments event") {
        let decoder = SIOValueDecoder()
        let ours = Bench.measure(bytesPerOp: payload.count) {
            let document = try? JSONDocument(parsing: slice)
            blackHole(document.flatMap { try? decoder.decodeArguments(ChatMessage.self, from: $0.root, startingAt: 1) })
        }
        let foundation = JSONDecoder()
        let peer = Bench.measure(bytesPerOp: payload.count) {
            blackHole(try? foundation.decode(ChatEvent.self, from: data).message)
        }
        Bench.report("codable.decodeArguments event", ours, peer: peer, peerName: "JSONDecoder")
    }
    if Bench.selected("codable.encode event") {
        let encoder = SIOValueEncoder()
        let ours = Bench.measure(bytesPerOp: payload.count) {
            blackHole(try? encoder.encodeEvent("chat", value.message))
        }
        let foundation = JSONEncoder()
        let peer = Bench.measure(bytesPerOp: payload.count) {
            blackHole(try? foundation.encode(value))
        }
        Bench.report("codable.encode event", ours, peer: peer, peerName: "JSONEncoder")
    }
}

/// The handler's argument type.
struct ChatMessage: Codable {
    var user: String
    var text: String
    var room: Int
}

/// The whole EVENT payload as one value (name, then the argument), so that both decoders run the same code.
struct ChatEvent: Codable {
    var name: String
    var message: ChatMessage

    init(name: String, message: ChatMessage) {
        self.name = name
        self.message = message
    }

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        name = try container.decode(String.self)
        message = try container.decode(ChatMessage.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(name)
        try container.encode(message)
    }
}
