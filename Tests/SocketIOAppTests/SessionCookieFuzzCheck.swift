@_spi(Fuzzing) import SocketIOApp

// Shared with the fuzz target: Fuzz/Sources/FuzzSessionCookie/SessionCookieFuzzCheck.swift is a link to this file,
// so the fuzzer and the replay test of Fuzz/FailCases/FuzzSessionCookie run the same check. Failures go to
// `report`: the fuzzer stops the process, the replay test records an issue.

/// The FuzzSessionCookie check: every chunk, and the chunks joined, as a `Cookie` header and as a session id.
struct SessionCookieFuzzCheck {
    /// Called with `false` and a description when a check fails.
    let report: (Bool, String) -> Void

    func run(_ chunks: [[UInt8]]) {
        for chunk in chunks {
            if let failure = SessionCookieProbe.failure(chunk) { report(false, failure) }
        }
        if chunks.count > 1, let failure = SessionCookieProbe.failure(chunks.flatMap { $0 }) { report(false, failure) }
    }
}
