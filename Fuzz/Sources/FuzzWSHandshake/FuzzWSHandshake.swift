import FuzzSupport
import WSFraming

/// Parses a head fed in `chunks`, re-parsing the accumulated bytes on each chunk as a server does on each read.
func parseHead(_ chunks: [ArraySlice<UInt8>]) -> Result<(head: WSRequestHead, length: Int), WSHandshakeError>? {
    var accumulated: [UInt8] = []
    for chunk in chunks {
        accumulated += chunk
        do {
            if let parsed = try WSRequestHead.parse(accumulated) { return .success(parsed) }
        } catch {
            return .failure(error)
        }
    }
    return nil
}

/// One fuzz iteration: the head parses the same chunked and whole; a parsed head re-encodes and parses back to the
/// same value; validation either refuses with a status or produces a 28-character accept value.
func fuzz(_ input: FuzzInput) {
    let chunked = parseHead(input.chunks)
    let whole = parseHead([input.payload[...]])
    switch (chunked, whole) {
    case (nil, nil):
        return
    case (.success(let a), .success(let b)):
        fuzzCheck(a.head == b.head, "chunked head differs")
        // The chunked parse may stop at an earlier chunk boundary only if the head was already complete there.
        fuzzCheck(a.length == b.length, "head lengths differ")
        let head = b.head
        let reencoded = Array(head.encoded.utf8)
        guard case .success(let again)? = parseHead([reencoded[...]]) else {
            fuzzCheck(false, "re-encoded head does not parse")
            return
        }
        fuzzCheck(again.head == head && again.length == reencoded.count, "re-encoded head differs")
        do {
            let handshake = try WSHandshake(head: head)
            fuzzCheck(handshake.acceptValue.utf8.count == 28, "accept value length")
            _ = handshake.responseHead(subprotocol: handshake.negotiateSubprotocol(supported: ["chat"]))
        } catch {
            fuzzCheck([400, 405, 426, 431].contains(error.status), "status \(error.status)")
        }
    case (.failure(let a), .failure(let b)):
        fuzzCheck(a == b, "chunked error \(a) vs \(b)")
    default:
        fuzzCheck(false, "chunked and whole parses disagree")
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
