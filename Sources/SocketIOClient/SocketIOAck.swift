import NIOConcurrencyHelpers
public import SIOParser
import SIOParserNIO

/// The answer to an event the server emitted with an acknowledgement: call it once with the values to send back.
///
/// When the server asked for no answer `isRequested` is `false` and calling it does nothing; a second call does
/// nothing either (as the reference's ack function).
public struct SocketIOAck: Sendable {
    private let socket: SocketIOClientSocket?
    private let id: UInt64?
    private let sent: NIOLockedValueBox<Bool>

    init(socket: SocketIOClientSocket, id: UInt64?) {
        self.socket = socket
        self.id = id
        sent = NIOLockedValueBox(false)
    }

    /// Whether the server asked for an answer.
    public var isRequested: Bool { id != nil }

    /// Sends the answer: Codable values (binary `[UInt8]`, `Data`, `ByteBuffer` as attachments).
    public func callAsFunction<each T: Encodable>(_ values: repeat each T) throws(SocketIOClientError) {
        guard let id, let socket else { return }
        let encoded: EncodedArguments
        do {
            encoded = try SIOValueEncoder().encodeArguments(repeat each values)
        } catch {
            throw .encodingFailed.with("ack arguments: \(error)")
        }
        try send(encoded, id: id, socket: socket)
    }

    /// Sends the answer from values built at run time.
    public func send(values: [JSONValue]) throws(SocketIOClientError) {
        guard let id, let socket else { return }
        try send(SIOArguments(values).encoded(), id: id, socket: socket)
    }

    private func send(_ encoded: EncodedArguments, id: UInt64, socket: SocketIOClientSocket) throws(SocketIOClientError) {
        var text: [UInt8] = []
        do {
            try SIOPacketEncoder().encode(
                .ack, namespace: socket.namespace, ackID: id, serializedPayload: encoded.json,
                attachmentCount: encoded.attachments.count, into: &text)
        } catch {
            throw .encodingFailed.with("ack: \(error)")
        }
        // Only an answer that encoded uses up the ack.
        let first = sent.withLockedValue { sent in
            defer { sent = true }
            return !sent
        }
        guard first else { return }
        socket.sendAnswer(SocketIOOutbound(text: text, attachments: encoded.attachments.map(\.bytes)))
    }
}

extension BinaryAttachment {
    /// A copy of the bytes, as the Engine.IO client sends them.
    var bytes: [UInt8] { withAttachmentBytes { Array($0) } }
}
