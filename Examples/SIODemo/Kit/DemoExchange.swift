public import SIOParser

/// `exchange` from a client: deliver `payload` to the socket `target`.
public struct DemoExchange: Codable, Sendable, Equatable {
    /// The largest payload delivered, in bytes of JSON: 4 KiB, enough for a signalling message (an SDP offer is
    /// 2–4 KB), small enough that one client cannot make the server relay large blobs.
    public static let maxPayloadBytes = 4096

    /// The socket id to deliver to.
    public var target: String
    /// Any JSON.
    public var payload: JSONValue

    /// A request.
    public init(target: String, payload: JSONValue) {
        self.target = target
        self.payload = payload
    }
}

/// What the target of an `exchange` receives.
public struct DemoExchangeEnvelope: Codable, Sendable, Equatable {
    /// The delivered data.
    public struct Body: Codable, Sendable, Equatable {
        /// Always `exchange`.
        public var action: String
        /// The sender's payload, unchanged.
        public var payload: JSONValue
    }

    /// Who sent it, to whom, when.
    public struct Meta: Codable, Sendable, Equatable {
        /// Milliseconds since 1970 when the server relayed it.
        public var timestamp: Int64
        /// The sender's socket id.
        public var client: String
        /// The target's socket id.
        public var target: String
    }

    /// The data.
    public var data: Body
    /// The metadata.
    public var meta: Meta

    /// An envelope for `payload` from `client` to `target` at `timestamp`.
    public init(payload: JSONValue, client: String, target: String, timestamp: Int64) {
        data = Body(action: "exchange", payload: payload)
        meta = Meta(timestamp: timestamp, client: client, target: target)
    }
}

/// The ack of a delivered `exchange`.
public struct DemoExchangeReceipt: Codable, Sendable, Equatable {
    /// Always true (an undelivered exchange is an error ack).
    public var delivered: Bool
    /// Milliseconds since 1970 when it was relayed.
    public var timestamp: Int64

    /// A receipt.
    public init(delivered: Bool = true, timestamp: Int64) {
        self.delivered = delivered
        self.timestamp = timestamp
    }
}
