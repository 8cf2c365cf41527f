/// The closing handshake (RFC 6455 §5.5.1, §7) as a state machine: it returns what to send and when to close or time
/// out, and owns no timer or socket.
public struct WSCloseStateMachine: Hashable, Sendable {
    /// Where the handshake stands.
    public enum State: Hashable, Sendable {
        /// Data flows both ways.
        case open
        /// This endpoint sent a close frame and waits for the peer's (or for the timer).
        case closeSent(WSClosePayload)
        /// Both close frames were exchanged, or the connection was failed; only the transport is left to close.
        case closed
    }

    /// What the caller must do, in order.
    public enum Action: Hashable, Sendable {
        /// Send a close frame with this body.
        case sendClose(WSClosePayload)
        /// Start a timer; when it fires, call `closeTimerFired()`.
        case startTimer(Duration)
        /// Close the underlying transport.
        case closeTransport
    }

    /// How long to wait for the peer's close frame (or for the server to drop TCP) before closing anyway.
    /// Default 5 s: long enough for a peer behind a slow link to answer, short enough not to pin a socket.
    public var timeout: Duration {
        get { .nanoseconds(timeoutNanoseconds) }
        set {
            let (seconds, attoseconds) = newValue.components
            let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            let (sum, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
            timeoutNanoseconds = overflow || overflow2 ? (seconds < 0 ? .min : .max) : sum
        }
    }
    /// `timeout` in nanoseconds (8 bytes where a `Duration` takes 16: every connection carries this machine).
    private var timeoutNanoseconds: Int64 = 0
    /// The current state.
    public private(set) var state: State = .open
    /// The endpoint's role: a server closes the transport first, a client waits for the server to do so.
    public let role: WSRole

    /// A machine for one connection.
    public init(role: WSRole, timeout: Duration = .seconds(5)) {
        self.role = role
        self.timeout = timeout
    }

    /// Whether data frames may still be sent.
    public var canSendData: Bool {
        switch state {
        case .open: true
        case .closeSent, .closed: false
        }
    }

    /// The application asks to close with `payload`.
    public mutating func close(_ payload: WSClosePayload) -> [Action] {
        switch state {
        case .open:
            state = .closeSent(payload)
            return [.sendClose(payload), .startTimer(timeout)]
        case .closeSent, .closed:
            return []
        }
    }

    /// The peer's close frame arrived.
    public mutating func receivedClose(_ payload: WSClosePayload) -> [Action] {
        switch state {
        case .open:
            state = .closed
            // Echo the peer's code (RFC 6455 §5.5.1); an empty body is answered with an empty body.
            let echo = WSClosePayload(code: payload.code)
            return [.sendClose(echo)] + afterBothCloses()
        case .closeSent:
            state = .closed
            return afterBothCloses()
        case .closed:
            return []
        }
    }

    /// The connection must be failed for `error`: send its close code, then drop the transport (RFC 6455 §7.1.7).
    public mutating func fail(_ error: WSError) -> [Action] {
        switch state {
        case .open:
            state = .closed
            return [.sendClose(WSClosePayload(code: error.closeCode, reason: reason(error))), .closeTransport]
        case .closeSent:
            state = .closed
            return [.closeTransport]
        case .closed:
            return []
        }
    }

    /// The timer started by `.startTimer` fired.
    public mutating func closeTimerFired() -> [Action] {
        switch state {
        case .open:
            return []
        case .closeSent, .closed:
            state = .closed
            return [.closeTransport]
        }
    }

    /// The transport closed underneath (peer dropped TCP, I/O error).
    public mutating func transportClosed() {
        state = .closed
    }

    /// A server drops TCP as soon as both close frames are exchanged; a client gives the server time to do it.
    private func afterBothCloses() -> [Action] {
        switch role {
        case .server: [.closeTransport]
        case .client: [.startTimer(timeout)]
        }
    }

    /// A short reason (control frames carry at most 123 bytes of reason).
    private func reason(_ error: WSError) -> String {
        var text = ""
        for character in error.detail {
            if text.utf8.count + String(character).utf8.count > 123 { break }
            text.append(character)
        }
        return text
    }
}
