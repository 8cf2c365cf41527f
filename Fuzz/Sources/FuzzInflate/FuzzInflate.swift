import FuzzSupport
import NIOCore
import WSFraming

/// Inflate limit for the fuzzer: small enough that zip bombs hit it quickly.
let limit = 64 * 1024

/// Inflates one message given as fragments.
func inflate(_ codec: PerMessageDeflate, _ fragments: [ArraySlice<UInt8>], limit: Int) throws(WSError) -> [UInt8] {
    var output = ByteBuffer()
    for (index, fragment) in fragments.enumerated() {
        try codec.decompress(
            ByteBuffer(bytes: fragment), isFinal: index == fragments.count - 1, into: &output, limit: limit)
    }
    fuzzCheck(output.readableBytes <= limit, "inflated \(output.readableBytes) bytes past the limit \(limit)")
    return Array(output.readableBytesView)
}

/// Compresses one message (threshold 0, so always).
func deflate(_ codec: PerMessageDeflate, _ message: [UInt8]) -> [UInt8] {
    do {
        let out = try codec.compress(ByteBuffer(bytes: message), allocator: ByteBufferAllocator())
        fuzzCheck(out != nil, "threshold 0 returned an uncompressed message")
        return out.map { Array($0.readableBytesView) } ?? []
    } catch {
        fuzzCheck(false, "compress threw \(error)")
        return []
    }
}

/// One fuzz iteration: the chunks are the fragments of one compressed message, inflated under a limit; a message
/// that inflates is compressed again and must inflate to itself; the raw payload, compressed and cut at the same
/// points, must inflate back to the payload.
func fuzz(_ input: FuzzInput) {
    let options = PerMessageDeflateOptions(threshold: 0)
    guard let server = try? PerMessageDeflate(parameters: .init(), role: .server, options: options),
        let client = try? PerMessageDeflate(parameters: .init(), role: .client, options: options)
    else {
        fuzzCheck(false, "codec init failed")
        return
    }
    if let decoded = try? inflate(server, input.chunks, limit: limit) {
        let again = deflate(client, decoded)
        let back = try? inflate(server, [again[...]], limit: limit)
        fuzzCheck(back == decoded, "decoded message did not round-trip")
    }
    guard let fresh = try? PerMessageDeflate(parameters: .init(), role: .server, options: options),
        let peer = try? PerMessageDeflate(parameters: .init(), role: .client, options: options)
    else { return }
    let compressed = deflate(peer, input.payload)
    var fragments: [ArraySlice<UInt8>] = []
    var start = 0
    for chunk in input.chunks.dropLast() {
        let end = min(compressed.count, start + chunk.count)
        fragments.append(compressed[start..<end])
        start = end
    }
    fragments.append(compressed[start...])
    let restored = try? inflate(fresh, fragments, limit: max(limit, input.payload.count))
    fuzzCheck(restored == input.payload, "compress→inflate did not give the input back")
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
