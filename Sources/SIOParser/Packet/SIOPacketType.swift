/// A Socket.IO packet type: the first character of every encoded packet, kept as its raw digit value.
///
/// A struct rather than an enum so that a value outside the known set can still be carried and reported.
public struct SIOPacketType: Hashable, Sendable, CustomStringConvertible {
    /// The type's numeric value (the ASCII digit on the wire minus `"0"`).
    public let rawValue: UInt8

    /// Wraps a raw type value; unknown values are representable but rejected by the encoder and decoder.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// `0`: connect to a namespace (client), or accept the connection (server).
    public static let connect = SIOPacketType(rawValue: 0)
    /// `1`: leave a namespace.
    public static let disconnect = SIOPacketType(rawValue: 1)
    /// `2`: an event without binary attachments.
    public static let event = SIOPacketType(rawValue: 2)
    /// `3`: an acknowledgement without binary attachments.
    public static let ack = SIOPacketType(rawValue: 3)
    /// `4`: the namespace connection was refused (called ERROR in protocol v4).
    public static let connectError = SIOPacketType(rawValue: 4)
    /// `5`: an event followed by binary attachments.
    public static let binaryEvent = SIOPacketType(rawValue: 5)
    /// `6`: an acknowledgement followed by binary attachments.
    public static let binaryAck = SIOPacketType(rawValue: 6)

    /// Event names a peer may not send (each has a meaning of its own on one side or the other); the decoder and
    /// the encoder refuse them, as the reference decoder does.
    public static let reservedEventNames: [String] = [
        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
    ]

    /// Whether `name` is one of `reservedEventNames` (by `String` equality), without comparing strings in the
    /// common case: a name shorter than every reserved one, or an ASCII name that differs in length or bytes.
    public static func isReservedEventName(_ name: String) -> Bool {
        let utf8 = name.utf8
        // Every reserved name is ASCII and at least 7 bytes; an equal string is at least as long in UTF-8.
        guard utf8.count >= 7 else { return false }
        let isASCII = utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? false
        guard isASCII else { return reservedEventNames.contains(name) }
        for reserved in reservedEventNames where reserved.utf8.count == utf8.count {
            if reserved.utf8.elementsEqual(utf8) { return true }
        }
        return false
    }

    /// Whether this is one of the seven types the protocol defines.
    public var isKnown: Bool { rawValue <= 6 }

    /// Whether the header carries an attachment count (`BINARY_EVENT`, `BINARY_ACK`).
    public var isBinary: Bool { rawValue == 5 || rawValue == 6 }

    /// Whether the packet is an event (`EVENT` or `BINARY_EVENT`).
    public var isEvent: Bool { rawValue == 2 || rawValue == 5 }

    /// Whether the packet is an acknowledgement (`ACK` or `BINARY_ACK`).
    public var isAck: Bool { rawValue == 3 || rawValue == 6 }

    /// The binary variant of an event or ack type; other types are returned unchanged.
    public var binaryVariant: SIOPacketType {
        switch rawValue {
        case 2: .binaryEvent
        case 3: .binaryAck
        default: self
        }
    }

    /// The protocol's name for the type, or `UNKNOWN(n)`.
    public var description: String {
        switch rawValue {
        case 0: "CONNECT"
        case 1: "DISCONNECT"
        case 2: "EVENT"
        case 3: "ACK"
        case 4: "CONNECT_ERROR"
        case 5: "BINARY_EVENT"
        case 6: "BINARY_ACK"
        default: "UNKNOWN(\(rawValue))"
        }
    }
}
