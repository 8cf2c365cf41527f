import FuzzSupport
import WSFraming

/// Two server configurations, so negotiation explores both the default and the window-limiting paths.
let negotiators = [
    PerMessageDeflateNegotiator(),
    PerMessageDeflateNegotiator(
        options: PerMessageDeflateOptions(serverMaxWindowBits: 10, clientMaxWindowBits: 9, clientNoContextTakeover: true)),
]

/// One fuzz iteration: the chunks are repeated header lines (joined with commas, as HTTP joins them); accepted
/// offers re-serialize and reparse to the same; a negotiated response reads back as the same parameters and never
/// asks zlib for an 8-bit server window.
func fuzz(_ input: FuzzInput) {
    var joined: [UInt8] = []
    for (index, chunk) in input.chunks.enumerated() {
        if index > 0 { joined.append(UInt8(ascii: ",")) }
        joined.append(contentsOf: chunk)
    }
    guard let offers = try? WSExtensionHeader.parse(bytes: joined) else { return }
    let reparsed = try? WSExtensionHeader.parse(WSExtensionHeader.serialize(offers))
    fuzzCheck(reparsed == offers, "re-serialized offers parse differently: \(offers)")
    for negotiator in negotiators {
        guard let accepted = negotiator.negotiate(offers) else { continue }
        let element = try? WSExtensionHeader.parse(accepted.headerValue).first
        fuzzCheck(element.flatMap(PerMessageDeflateParameters.init(response:)) == accepted,
                  "negotiated response does not read back: \(accepted.headerValue)")
        fuzzCheck((accepted.serverMaxWindowBits ?? 15) >= 9, "accepted server_max_window_bits below 9")
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
