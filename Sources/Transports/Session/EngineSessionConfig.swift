import EngineParser
import NIOCore

/// The option values every session of an endpoint reads, shared by reference so a session stores one pointer.
final class EngineSessionConfig: Sendable {
    /// v4: time between server pings; v3: part of the client-ping deadline.
    let pingInterval: TimeAmount
    /// v4: time to wait for the pong; v3: the other part of the client-ping deadline.
    let pingTimeout: TimeAmount
    /// How long a probe WebSocket may take to send `5`.
    let upgradeTimeout: TimeAmount
    /// How often a pending GET gets a noop while an upgrade waits (the reference's 100 ms `check`).
    let upgradeCheckInterval: TimeAmount
    /// How long a closing polling session waits for a GET to carry the close packet.
    let pollingCloseTimeout: TimeAmount
    /// Budget of one polling response (v4 split rule), and the largest body or message accepted.
    let maxPayload: Int
    /// The send queue bound.
    let sendQueue: EngineSendQueueLimits
    /// Decoder limits for incoming payloads and messages.
    let parserOptions: EngineParserOptions
    /// Whether a polling session may upgrade (`allowUpgrades` and WebSocket enabled).
    let allowsUpgrade: Bool

    /// Values taken from `options`.
    init(_ options: EngineServerOptions, upgradeCheckInterval: TimeAmount = .milliseconds(100)) {
        self.pingInterval = options.pingInterval
        self.pingTimeout = options.pingTimeout
        self.upgradeTimeout = options.upgradeTimeout
        self.upgradeCheckInterval = upgradeCheckInterval
        self.pollingCloseTimeout = options.pollingCloseTimeout
        self.maxPayload = options.maxHttpBufferSize
        self.sendQueue = options.sendQueue
        self.parserOptions = EngineParserOptions(maxPayloadBytes: options.maxHttpBufferSize)
        self.allowsUpgrade = !options.upgrades(from: .polling).isEmpty
    }
}
