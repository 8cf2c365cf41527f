public import SIOParser
public import SIOParserNIO
import Synchronization

/// Answers an event whose sender asked for an acknowledgement; the answer is sent once, later calls are ignored.
public final class SocketAck: Sendable {
    /// The socket the event arrived on.
    let socket: Socket
    /// The id the client gave the event.
    public let id: UInt64
    /// Whether an answer went out (the reference sends at most one).
    private let sent = Atomic<Bool>(false)

    init(socket: Socket, id: UInt64) {
        self.socket = socket
        self.id = id
    }

    /// Whether `callAsFunction` already answered.
    public var isSent: Bool { sent.load(ordering: .acquiring) }

    /// Answers with Codable values (binary values travel as attachments).
    public func callAsFunction<each T: Encodable>(_ values: repeat each T) {
        do {
            send(try SIOValueEncoder().encodeArguments(repeat each values))
        } catch {
            socket.reportError(SocketIOError.encodingFailed.with("ack \(id): \(error)"))
        }
    }

    /// Answers with arguments as received (an echo) or made locally.
    public func send(arguments: SIOArguments) {
        // An echo of received arguments without attachments is written straight into the frame.
        guard arguments.isReceivedWithoutAttachments else { return send(arguments.encoded()) }
        guard !sent.exchange(true, ordering: .acquiringAndReleasing) else { return }
        socket.sendAck(id: id, echoing: arguments)
    }

    /// Answers with encoded arguments (a JSON array and its attachments).
    public func send(_ arguments: EncodedArguments) {
        guard !sent.exchange(true, ordering: .acquiringAndReleasing) else { return }
        socket.sendAck(id: id, arguments: arguments)
    }
}
