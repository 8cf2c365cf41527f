import FuzzSupport

// The checks live in HTTPFieldsFuzzCheck.swift, a link to the unit-test copy in Tests/TransportsTests, so the fuzzer
// and the replay test of Fuzz/FailCases/FuzzHTTPFields/ run the same code.

/// One fuzz iteration: a failed check stops the process so libFuzzer records the input.
func fuzz(_ input: FuzzInput) {
    HTTPFieldsFuzzCheck(report: { ok, message in fuzzCheck(ok, message) }).run(input.chunks)
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
