import FuzzSupport

// The check lives in SessionCookieFuzzCheck.swift, a link to the unit-test copy in Tests/SocketIOAppTests, so the
// fuzzer and the replay test of Fuzz/FailCases/FuzzSessionCookie/ run the same code.

/// One fuzz iteration: a failed check stops the process so libFuzzer records the input.
func fuzz(_ input: FuzzInput) {
    SessionCookieFuzzCheck(report: { ok, message in fuzzCheck(ok, message) }).run(input.chunks.map { Array($0) })
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
