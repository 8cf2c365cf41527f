import FuzzSupport
import NIOCore
import WSFraming

/// Parses `chunks` through one accumulating buffer; returns the frames and the first error.
func parse(_ chunks: [ArraySlice<UInt8>], role: WSRole) -> ([WSFrame], WSError?) {
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

/// One fuzz iteration, both roles: the chunked parse equals the whole parse (frames, error kind and offset), every
/// frame re-encodes and parses back to itself, and a connection survives the same chunks.
func fuzz(_ input: FuzzInput) {
    for role in [WSRole.server, .client] {
        let (frames, error) = parse(input.chunks, role: role)
        let (wholeFrames, wholeError) = parse([input.payload[...]], role: role)
        fuzzCheck(frames == wholeFrames, "chunked frames differ from whole")
        fuzzCheck(error == wholeError && error?.offset == wholeError?.offset, "chunked error \(String(describing: error)) vs \(String(describing: wholeError))")
        for frame in frames {
            var wire = ByteBuffer()
            WSFrameEncoder.write(frame, to: &wire)
            let (again, againError) = parse([Array(wire.readableBytesView)[...]], role: role)
            fuzzCheck(againError == nil && again == [frame], "re-encoded frame does not parse back: \(frame)")
        }
        var connection = WSConnection(configuration: .init(role: role))
        var buffer = ByteBuffer()
        for chunk in input.chunks {
            buffer.writeBytes(chunk)
            _ = connection.receive(&buffer)
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
