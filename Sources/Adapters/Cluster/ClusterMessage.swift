import SIOParser

/// One message between the nodes of a cluster (the reference's `ClusterMessage` and `ClusterResponse`).
///
/// On the wire: a JSON envelope (`type`, `uid`, `nsp` and the fields the type uses, the event array embedded
/// verbatim as `packet`) followed by the packet's attachments; see `ClusterMessage+Coding.swift`.
struct ClusterMessage: Sendable {
    /// The message types, numbered as the reference numbers them.
    enum Kind: Int, Sendable {
        case initialHeartbeat = 1
        case heartbeat
        case broadcast
        case socketsJoin
        case socketsLeave
        case disconnectSockets
        case fetchSockets
        case fetchSocketsResponse
        case serverSideEmit
        case serverSideEmitResponse
        case broadcastClientCount
        case broadcastAck
        case adapterClose
    }

    var kind: Kind
    /// The sending node.
    var uid: ClusterNodeID
    /// The namespace (one backend may carry every namespace's messages).
    var namespace: String
    /// Correlates a request with its responses.
    var requestID: String?
    /// Which sockets a broadcast, join, leave, disconnect or fetch reaches.
    var options: BroadcastOptions?
    /// The rooms to join or leave.
    var rooms: [Room] = []
    /// Whether a disconnection also closes the connection.
    var close = false
    /// An event array (broadcast, server-side emit) or an acknowledgement's arguments, with attachments.
    var packet: EncodedArguments?
    /// The recovery offset the broadcasting node gave the packet (already its last argument).
    var offset: String?
    /// How many sockets a broadcast with acknowledgements reached on the answering node.
    var clientCount: Int?
    /// The answering node's sockets.
    var sockets: [SocketDetails] = []

    init(_ kind: Kind, uid: ClusterNodeID, namespace: String) {
        self.kind = kind
        self.uid = uid
        self.namespace = namespace
    }
}

/// Why bytes from a peer are not a cluster message.
struct ClusterMessageError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case truncated, invalidEnvelope
    }

    private let code: Code
    /// The byte offset where the problem was found.
    let offset: Int
    /// What was wrong.
    let detail: String

    private init(_ code: Code, offset: Int, detail: String) {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    /// The framing ends before a length it announced.
    static let truncated = ClusterMessageError(.truncated, offset: 0, detail: "")
    /// The JSON envelope is not valid or lacks a field its type needs.
    static let invalidEnvelope = ClusterMessageError(.invalidEnvelope, offset: 0, detail: "")

    func at(_ offset: Int, _ detail: String) -> ClusterMessageError {
        ClusterMessageError(code, offset: offset, detail: detail)
    }

    static func == (lhs: ClusterMessageError, rhs: ClusterMessageError) -> Bool { lhs.code == rhs.code }
    func hash(into hasher: inout Hasher) { hasher.combine(code) }

    var description: String {
        let name =
            switch code {
            case .truncated: "truncated cluster message"
            case .invalidEnvelope: "invalid cluster message envelope"
            }
        return "\(name) at byte \(offset): \(detail)"
    }
}
