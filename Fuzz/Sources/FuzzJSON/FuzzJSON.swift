import FuzzSupport
import SIOParser

// The checks live in JSONFuzzCheck.swift, a link to the unit-test copy, so the fuzzer and the replay test of
// Fuzz/FailCases/FuzzJSON/ run the same code. Every chunk is an independent document.

/// One fuzz iteration: a failed check stops the process so libFuzzer records the input.
func fuzz(_ data: UnsafeRawBufferPointer) {
    jsonFuzz(Array(data)) { ok, message in fuzzCheck(ok, message) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzz(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}

#if !FUZZING
/// A plain build replays the files named on the command line.
@main struct Replay {
    static func main() {
        replayFiles(CommandLine.arguments) { fuzz($0) }
    }
}
#endif
