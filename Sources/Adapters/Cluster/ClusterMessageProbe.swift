import SIOParser

/// The cluster message codec as the fuzzer and its replay test reach it (`@_spi(Fuzzing) import Adapters`), since
/// a fuzz build cannot use `@testable`.
@_spi(Fuzzing)
public enum ClusterMessageProbe {
    /// Decodes `bytes` as a message between nodes; when that succeeds, re-encodes it and decodes again. Returns a
    /// description of what went wrong (a decoded message that does not survive its own round trip), or `nil` when
    /// the bytes were rejected with an error or round-tripped.
    public static func roundTripFailure(_ bytes: [UInt8]) -> String? {
        guard let message = try? ClusterMessage(decoding: bytes) else { return nil }
        let encoded = message.encoded()
        let again: ClusterMessage
        do {
            again = try ClusterMessage(decoding: encoded)
        } catch {
            return "re-encoded message does not decode: \(error)"
        }
        let reencoded = again.encoded()
        guard reencoded == encoded else {
            return "second encoding differs: \(encoded.count) vs \(reencoded.count) bytes"
        }
        guard again.kind == message.kind, again.uid == message.uid, again.namespace == message.namespace,
            again.requestID == message.requestID, again.options == message.options, again.rooms == message.rooms,
            again.offset == message.offset, again.clientCount == message.clientCount,
            again.packet?.json == message.packet?.json,
            again.packet?.attachments.count == message.packet?.attachments.count
        else { return "decoded fields differ after the round trip" }
        return nil
    }
}
