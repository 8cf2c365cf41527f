import Testing

@testable import WSFraming

struct SHA1Vectors: Decodable {
    struct Vector: Decodable {
        var name: String
        var message: String
        var `repeat`: Int
        var digestHex: String
    }
    var vectors: [Vector]
}

@Suite struct SHA1Tests {
    @Test func vectorsInOneCall() throws {
        let file = try loadVectors("sha1.json", as: SHA1Vectors.self)
        #expect(file.vectors.count >= 18)
        for vector in file.vectors {
            let message = Array(vector.message.utf8)
            var whole: [UInt8] = []
            whole.reserveCapacity(message.count * vector.repeat)
            for _ in 0..<vector.repeat { whole += message }
            #expect(hexString(SHA1.hash(whole)) == vector.digestHex, "\(vector.name)")
        }
    }

    /// The digest must not depend on how the message is cut into updates (the block buffer carries across calls).
    @Test func vectorsInPieces() throws {
        let file = try loadVectors("sha1.json", as: SHA1Vectors.self)
        for vector in file.vectors where vector.repeat == 1 {
            let message = Array(vector.message.utf8)
            for cut in 0...message.count {
                var sha = SHA1()
                sha.update(message[..<cut])
                sha.update(message[cut...])
                #expect(hexString(sha.finalize()) == vector.digestHex, "\(vector.name) cut at \(cut)")
            }
        }
        for vector in file.vectors where vector.repeat > 1 {
            var sha = SHA1()
            for _ in 0..<vector.repeat { sha.update(vector.message.utf8) }
            #expect(hexString(sha.finalize()) == vector.digestHex, "\(vector.name) in \(vector.repeat) updates")
        }
    }

    @Test func acceptValueOfEveryHandshakeVector() throws {
        // RFC 6455 §1.3: the accept value of its example key, then every accepted request of the handshake vectors.
        #expect(WSHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let file = try loadVectors("ws-handshake.json", as: HandshakeVectors.self)
        var checked = 0
        for request in file.requests {
            guard let accept = request.accept, case .success(let handshake)? = handshake([Array(request.encoded.utf8)[...]])
            else { continue }
            #expect(handshake.acceptValue == accept, "\(request.name)")
            checked += 1
        }
        #expect(checked > 0)
    }
}
