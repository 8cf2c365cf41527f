import NIOCore
import Testing

@testable import WSFraming

/// Replays every crasher in Fuzz/FailCases/{FuzzWSFrame,FuzzUTF8,FuzzWSHandshake}/ through the fuzz targets' checks.
@Suite struct FuzzReplayTests {
    /// The seeds Fuzz/seeds.py derives from a vector file (a zero control byte, then the encoded bytes), plus the
    /// same bytes cut in three by a control prefix, so the checks below also run on known-good inputs.
    func seeds(_ encoded: [[UInt8]]) -> [[UInt8]] {
        encoded.flatMap { bytes in [[0] + bytes, [2, UInt8(min(bytes.count / 3, 255)), 1] + bytes] }
    }

    @Test func wsFrameFailCases() throws {
        let vectors = try FrameVectors.load()
        let encoded = vectors.frames.map(\.encodedHex) + vectors.invalidFrames.map(\.encodedHex)
            + vectors.connection.map(\.encodedHex)
        for file in failCases("FuzzWSFrame") + seeds(encoded.map(hexBytes)) {
            let chunks = fuzzChunks(file)
            let payload = Array(chunks.joined())
            for role in [WSRole.server, .client] {
                let (frames, error) = parseFuzz(chunks, role: role)
                let (wholeFrames, wholeError) = parseFuzz([payload[...]], role: role)
                #expect(frames == wholeFrames)
                #expect(error == wholeError && error?.offset == wholeError?.offset)
                for frame in frames {
                    var wire = ByteBuffer()
                    WSFrameEncoder.write(frame, to: &wire)
                    let (again, againError) = parseFuzz([Array(wire.readableBytesView)[...]], role: role)
                    #expect(againError == nil && again == [frame])
                }
                var connection = WSConnection(configuration: .init(role: role))
                var buffer = ByteBuffer()
                for chunk in chunks {
                    buffer.writeBytes(chunk)
                    _ = connection.receive(&buffer)
                }
            }
        }
    }

    @Test func utf8FailCases() throws {
        let vectors = try loadVectors("utf8.json", as: UTF8Vectors.self).sequences.map { hexBytes($0.encodedHex) }
        for file in failCases("FuzzUTF8") + seeds(vectors) {
            let chunks = fuzzChunks(file)
            let payload = Array(chunks.joined())
            let chunked = validate(chunks)
            let whole = validate([payload[...]])
            #expect(chunked == whole)
            #expect((whole == nil) == (String(validating: payload, as: UTF8.self) != nil))
        }
    }

    @Test func handshakeFailCases() throws {
        let vectors = try loadVectors("ws-handshake.json", as: HandshakeVectors.self).requests.map { Array($0.encoded.utf8) }
        for file in failCases("FuzzWSHandshake") + seeds(vectors) {
            let chunks = fuzzChunks(file)
            let payload = Array(chunks.joined())
            var accumulated: [UInt8] = []
            var chunkedResult: Result<WSRequestHead, WSHandshakeError>?
            for chunk in chunks where chunkedResult == nil {
                accumulated += chunk
                do {
                    if let (head, _) = try WSRequestHead.parse(accumulated) { chunkedResult = .success(head) }
                } catch {
                    chunkedResult = .failure(error)
                }
            }
            let wholeResult: Result<WSRequestHead, WSHandshakeError>?
            do {
                wholeResult = try WSRequestHead.parse(payload).map { .success($0.head) }
            } catch {
                wholeResult = .failure(error)
            }
            switch (chunkedResult, wholeResult) {
            case (.success(let a)?, .success(let b)?):
                #expect(a == b)
                #expect((try? WSRequestHead.parse(Array(b.encoded.utf8)))??.head == b)
                _ = try? WSHandshake(head: b)
            case (.failure(let a)?, .failure(let b)?):
                #expect(a == b)
            case (nil, nil):
                break
            default:
                Issue.record("chunked and whole parses disagree")
            }
        }
    }

    private func parseFuzz(_ chunks: [ArraySlice<UInt8>], role: WSRole) -> ([WSFrame], WSError?) {
        var parser = WSFrameParser(role: role, allowsRSV1: true)
        var input = ByteBuffer()
        var frames: [WSFrame] = []
        for chunk in chunks {
            input.writeBytes(chunk)
            do {
                while let frame = try parser.parseStep(&input) { frames.append(frame) }
            } catch {
                return (frames, error)
            }
        }
        return (frames, nil)
    }
}
