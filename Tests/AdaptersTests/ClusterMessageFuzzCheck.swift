@_spi(Fuzzing) import Adapters

// Shared with the fuzz target: Fuzz/Sources/FuzzClusterMessage/ClusterMessageFuzzCheck.swift is a link to this file,
// so the fuzzer and the replay test of Fuzz/FailCases/FuzzClusterMessage run the same check. Failures go to
// `report`: the fuzzer stops the process, the replay test records an issue.

/// The FuzzClusterMessage check: each chunk is one message from a peer node (a backend delivers whole messages,
/// so the decoder is not streaming); whatever decodes must survive encode → decode unchanged.
struct ClusterMessageFuzzCheck {
    /// Called with `false` and a description when a check fails.
    let report: (Bool, String) -> Void

    func run(_ chunks: [[UInt8]]) {
        for chunk in chunks {
            if let failure = ClusterMessageProbe.roundTripFailure(chunk) { report(false, failure) }
        }
        if chunks.count > 1 {
            let joined = chunks.flatMap { $0 }
            if let failure = ClusterMessageProbe.roundTripFailure(joined) { report(false, failure) }
        }
    }
}
