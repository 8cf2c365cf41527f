import FuzzSupport
import EngineParser

typealias Slice = ArraySlice<UInt8>

/// Feeds `chunks` to a v3 payload decoder (text form, or binary form when `binary`); the last chunk completes it.
func decodeV3(_ chunks: [Slice], binary: Bool, _ options: EngineParserOptions)
    -> Result<[EnginePacket<Slice>], EngineError> {
    var text = EngineV3PayloadDecoder(options: options)
    var xhr2 = EngineV3BinaryPayloadDecoder(options: options)
    var buffer: Slice = []
    var packets: [EnginePacket<Slice>] = []
    // An empty input has no chunks at all: that is an empty, complete payload.
    let chunks = chunks.isEmpty ? [[]] : chunks
    do {
        for (k, chunk) in chunks.enumerated() {
            buffer.append(contentsOf: chunk)
            let last = k == chunks.count - 1
            while let packet = binary ? try xhr2.next(&buffer, isComplete: last) : try text.next(&buffer, isComplete: last) {
                packets.append(packet)
            }
        }
        fuzzCheck((binary ? xhr2.isFinished : text.isFinished) && buffer.isEmpty, "complete payload left unfinished")
        return .success(packets)
    } catch {
        return .failure(error)
    }
}

/// One fuzz iteration, for both v3 forms: whole and chunked decodes agree; decoded payloads re-encode to bytes that
/// decode to the same packets.
func fuzz(_ input: FuzzInput) {
    let options = EngineParserOptions(maxPayloadBytes: 4096, maxPacketsPerPayload: 64, maxLengthDigits: 6)
    for binary in [false, true] {
        let whole = decodeV3([input.payload[...]], binary: binary, options)
        let chunked = decodeV3(input.chunks, binary: binary, options)
        switch (whole, chunked) {
        case (.success(let a), .success(let b)):
            fuzzCheck(a == b, "whole and chunked decodes differ")
            var out: [UInt8] = []
            if binary {
                EngineV3PayloadEncoder.encodeBinary(a, into: &out)
            } else {
                EngineV3PayloadEncoder.encodeText(a, into: &out)
            }
            let again = decodeV3([out[...]], binary: binary, EngineParserOptions(maxPayloadBytes: 1 << 20))
            fuzzCheck((try? again.get()) == a, "round trip differs: \(a) vs \(again)")
        case (.failure(let a), .failure(let b)):
            fuzzCheck(a == b, "whole and chunked errors differ: \(a) vs \(b)")
        default:
            fuzzCheck(false, "whole and chunked disagree: \(whole) vs \(chunked)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzz(FuzzInput(data, size))
    return 0
}

#if !FUZZING
/// A plain build replays the files named on the command line.
@main struct Replay {
    static func main() {
        replayFiles(CommandLine.arguments) { fuzz(FuzzInput($0)) }
    }
}
#endif
