import FuzzSupport
import SIOParser

/// One fuzz iteration: chunk 0 is a JSON document, later chunks its attachments. The check itself is
/// CodableFuzzCheck.swift (a link to the test target's copy), which Tests/SIOParserTests/CodableFuzzReplayTests.swift
/// runs on Fuzz/FailCases/FuzzCodable/.
func fuzz(_ input: FuzzInput) {
    codableFuzzCheck(input.chunks) { condition, message in
        fuzzCheck(condition, message)
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
