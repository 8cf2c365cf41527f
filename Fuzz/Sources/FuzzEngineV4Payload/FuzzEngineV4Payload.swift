import FuzzSupport
import EngineParser

typealias Slice = ArraySlice<UInt8>

/// Feeds `chunks` to a v4 payload decoder, appending each to the buffer; the last one completes the payload.
func decodeV4(_ chunks: [Slice], _ options: EngineParserOptions) -> Result<[EnginePacket<Slice>], EngineError> {
    var decoder = EngineV4PayloadDecoder(options: options)
    var buffer: Slice = []
    var packets: [EnginePacket<Slice>] = []
    // An empty input has no chunks at all: that is an empty, complete payload.
    let chunks = chunks.isEmpty ? [[]] : chunks
    do {
        for (k, chunk) in chunks.enumerated() {
            buffer.append(contentsOf: chunk)
            let before = buffer.count
            while let packet = try decoder.next(&buffer, isComplete: k == chunks.count - 1) {
                packets.append(packet)
            }
            fuzzCheck(k == chunks.count - 1 || buffer.count <= before, "buffer grew")
        }
        fuzzCheck(decoder.isFinished && buffer.isEmpty, "complete payload left unfinished")
        return .success(packets)
    } catch {
        return .failure(error)
    }
}

/// One fuzz iteration: the payload whole and in the fuzzer's chunks must agree; a decoded payload re-encodes to
/// bytes that decode to the same packets; the maxPayload splitter always makes progress.
func fuzz(_ input: FuzzInput) {
    // Small limits so the limit paths are reached too.
    let options = EngineParserOptions(maxPayloadBytes: 4096, maxPacketsPerPayload: 64)
    let whole = decodeV4([input.payload[...]], options)
    let chunked = decodeV4(input.chunks, options)
    switch (whole, chunked) {
    case (.success(let a), .success(let b)):
        fuzzCheck(a == b, "whole and chunked decodes differ")
        var out: [UInt8] = []
        EngineV4PayloadEncoder.encode(a, into: &out)
        let again = decodeV4([out[...]], EngineParserOptions(maxPayloadBytes: 1 << 20))
        fuzzCheck((try? again.get()) == a, "round trip differs: \(a) vs \(again)")
        let budget = Int(input.payload.first ?? 0)
        var rest = a[...]
        while !rest.isEmpty {
            let count = EngineV4PayloadEncoder.fittingCount(rest, maxPayload: budget)
            fuzzCheck(count >= 1 && count <= rest.count, "budget split made no progress")
            rest = rest.dropFirst(count)
        }
    case (.failure(let a), .failure(let b)):
        fuzzCheck(a == b, "whole and chunked errors differ: \(a) vs \(b)")
    default:
        fuzzCheck(false, "whole and chunked disagree: \(whole) vs \(chunked)")
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
