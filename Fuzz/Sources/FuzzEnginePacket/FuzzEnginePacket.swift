import FuzzSupport
import EngineParser

typealias Slice = ArraySlice<UInt8>

/// Each chunk is one WebSocket message, decoded every way (v4/v3, text/binary frame) and as a handshake; whatever
/// decodes must re-encode to bytes that decode to the same value.
func fuzz(_ input: FuzzInput) {
    let options = EngineParserOptions(maxPayloadBytes: 4096)
    for message in input.chunks {
        for version in [EngineProtocolVersion.v4, .v3] {
            if let packet = try? EnginePacket.decode(text: message, version: version, options: options) {
                var out: [UInt8] = []
                let kind = packet.encodeWebSocket(version: version, into: &out)
                let again = kind == .text
                    ? try? EnginePacket.decode(text: out[...], version: version)
                    : try? EnginePacket.decode(binary: out[...], version: version)
                fuzzCheck(again == packet, "text round trip: \(packet) vs \(String(describing: again))")
                var text: [UInt8] = []
                packet.encodeText(version: version, into: &text)
                fuzzCheck((try? EnginePacket.decode(text: text[...], version: version)) == packet, "text form round trip")
            }
            if let packet = try? EnginePacket.decode(binary: message, version: version, options: options) {
                var out: [UInt8] = []
                fuzzCheck(packet.encodeWebSocket(version: version, into: &out) == .binary, "binary stays binary")
                fuzzCheck((try? EnginePacket.decode(binary: out[...], version: version)) == packet, "binary round trip")
            }
        }
        if let handshake = try? EngineHandshake.decode(json: message, options: options) {
            var out: [UInt8] = []
            handshake.encodeJSON(into: &out)
            fuzzCheck((try? EngineHandshake.decode(json: out)) == handshake, "handshake round trip: \(handshake)")
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
