import FuzzSupport
import WSFraming

/// One fuzz iteration: placeholder until the target is written.
func fuzz(_ input: FuzzInput) {
    _ = input.chunks
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
