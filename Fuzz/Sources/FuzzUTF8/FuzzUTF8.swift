import FuzzSupport
import WSFraming

/// Validates `chunks` incrementally; the offset of the failure, or nil when valid.
func firstFailure(_ chunks: [ArraySlice<UInt8>]) -> Int? {
    var validator = UTF8Validator()
    do {
        for chunk in chunks { try validator.validate(chunk) }
        try validator.finish()
        return nil
    } catch {
        return error.offset ?? -1
    }
}

/// One fuzz iteration: chunked validation agrees with the standard library and with whole-input validation
/// (including the failing offset), and a valid text re-encodes to the same bytes.
func fuzz(_ input: FuzzInput) {
    let chunked = firstFailure(input.chunks)
    let whole = firstFailure([input.payload[...]])
    let standard = String(validating: input.payload, as: UTF8.self)
    fuzzCheck(chunked == whole, "chunked \(String(describing: chunked)) vs whole \(String(describing: whole))")
    fuzzCheck((whole == nil) == (standard != nil), "disagrees with the standard library")
    if let standard {
        fuzzCheck(Array(standard.utf8) == input.payload, "valid text does not round-trip")
    }
    if let whole {
        fuzzCheck(whole >= 0 && whole <= input.payload.count, "offset \(whole) out of range")
        // The prefix before the failing byte must itself be a valid prefix (nothing earlier was wrong).
        var validator = UTF8Validator()
        let prefix = input.payload[..<whole]
        var prefixFailed = false
        do { try validator.validate(prefix) } catch { prefixFailed = true }
        fuzzCheck(!prefixFailed, "fails before the reported offset")
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
