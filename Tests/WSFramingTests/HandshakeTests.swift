import Testing

@testable import WSFraming

struct HandshakeVectors: Decodable {
    struct Request: Decodable {
        var name: String
        var encoded: String
        var status: Int
        var error: String?
        var target: String?
        var accept: String?
        var subprotocols: [String]?
        var extensions: [String]?
    }
    var requests: [Request]
}

func handshakeErrorKind(_ name: String) -> WSHandshakeError? {
    switch name {
    case "malformedRequest": .malformedRequest
    case "requestTooLarge": .requestTooLarge
    case "methodNotAllowed": .methodNotAllowed
    case "notAnUpgrade": .notAnUpgrade
    case "unsupportedVersion": .unsupportedVersion
    case "invalidKey": .invalidKey
    default: nil
    }
}

/// Parses a head fed in `chunks` (re-parsing the accumulated bytes, as a server would on each read) and validates it.
func handshake(_ chunks: [ArraySlice<UInt8>]) -> Result<WSHandshake, WSHandshakeError>? {
    var accumulated: [UInt8] = []
    for chunk in chunks {
        accumulated += chunk
        do {
            guard let (head, length) = try WSRequestHead.parse(accumulated) else { continue }
            #expect(length == accumulated.count)
            return Result { () throws(WSHandshakeError) in try WSHandshake(head: head) }
        } catch {
            return .failure(error)
        }
    }
    return nil
}

@Suite struct HandshakeTests {
    @Test func rfcExampleKey() {
        #expect(WSHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func vectorsEveryWay() throws {
        for vector in try loadVectors("ws-handshake.json", as: HandshakeVectors.self).requests {
            let bytes = Array(vector.encoded.utf8)
            for chunks in splits(of: bytes) {
                let result = try #require(handshake(chunks), "\(vector.name): incomplete")
                switch result {
                case .success(let accepted):
                    #expect(vector.status == 101, "\(vector.name)")
                    #expect(accepted.acceptValue == vector.accept)
                    #expect(accepted.offeredSubprotocols == vector.subprotocols)
                    #expect(accepted.extensionOffers == vector.extensions)
                    #expect(accepted.target == vector.target)
                case .failure(let error):
                    #expect(error == handshakeErrorKind(vector.error ?? ""), "\(vector.name): \(error)")
                    #expect(error.status == vector.status, "\(vector.name)")
                }
            }
        }
    }

    @Test func headsRoundTrip() throws {
        for vector in try loadVectors("ws-handshake.json", as: HandshakeVectors.self).requests {
            guard let (head, _) = try? WSRequestHead.parse(Array(vector.encoded.utf8)) else { continue }
            if !vector.name.contains("whitespace") { #expect(head.encoded == vector.encoded, "\(vector.name)") }
            let again = try #require(try WSRequestHead.parse(Array(head.encoded.utf8)))
            #expect(again.head == head)
        }
    }

    @Test func incompleteHeadNeedsMoreBytes() throws {
        #expect(try WSRequestHead.parse(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8)) == nil)
        #expect(try WSRequestHead.parse([UInt8]()) == nil)
    }

    @Test func headLimits() {
        var limits = WSRequestHead.Limits()
        limits.maxHeadSize = 64
        let long = Array(("GET / HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: 100)).utf8)
        #expect(throws: WSHandshakeError.requestTooLarge) { try WSRequestHead.parse(long, limits: limits) }
        limits = WSRequestHead.Limits()
        limits.maxHeaderCount = 2
        let many = Array("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n".utf8)
        #expect(throws: WSHandshakeError.requestTooLarge) { try WSRequestHead.parse(many, limits: limits) }
    }

    @Test func versionMismatchAnswers426WithTheVersion() {
        let error = WSHandshakeError.unsupportedVersion
        #expect(error.status == 426)
        #expect(error.responseHeaders.map(\.name) == ["Sec-WebSocket-Version"])
        #expect(error.responseHead.hasPrefix("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n"))
    }

    @Test func subprotocolNegotiationFollowsTheServersPreference() throws {
        let request = try WSHandshake(method: "GET", target: "/", headers: [
            WSHeaderField(name: "Upgrade", value: "websocket"),
            WSHeaderField(name: "Connection", value: "Upgrade"),
            WSHeaderField(name: "Sec-WebSocket-Key", value: "dGhlIHNhbXBsZSBub25jZQ=="),
            WSHeaderField(name: "Sec-WebSocket-Version", value: "13"),
            WSHeaderField(name: "Sec-WebSocket-Protocol", value: "chat"),
            WSHeaderField(name: "Sec-WebSocket-Protocol", value: "superchat, v2"),
        ])
        #expect(request.offeredSubprotocols == ["chat", "superchat", "v2"])
        #expect(request.negotiateSubprotocol(supported: ["v2", "chat"]) == "v2")
        #expect(request.negotiateSubprotocol(supported: ["mqtt"]) == nil)
        let head = request.responseHead(subprotocol: "v2", extensions: "permessage-deflate")
        #expect(head == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: v2\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
    }

    @Test func base64RoundTrip() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("hello".utf8)) == "aGVsbG8=")
        #expect(Base64.decode("aGVsbG8") == nil)
        #expect(Base64.decode("a=Vs") == nil)
    }
}
