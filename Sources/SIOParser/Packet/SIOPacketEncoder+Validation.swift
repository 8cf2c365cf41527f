extension SIOPacketEncoder {
    /// Refuses a payload the peer's decoder would refuse, before anything is written (the reference's
    /// `isPacketValid`, plus mandatory EVENT and ACK payloads and binary values only where attachments can go).
    func checkPayload(_ type: SIOPacketType, _ payload: JSONValue?) throws(SIOPacketError) {
        switch type.rawValue {
        case SIOPacketType.connect.rawValue:
            switch payload {
            case nil: break
            case .object? where options.version == .v5: break
            default:
                throw .invalidPayload.at(
                    0, options.version == .v5 ? "CONNECT takes an object or nothing" : "a v4 CONNECT takes no payload")
            }
        case SIOPacketType.disconnect.rawValue:
            guard payload == nil else { throw .invalidPayload.at(0, "DISCONNECT takes no payload") }
        case SIOPacketType.connectError.rawValue:
            switch payload {
            case nil, .string?, .object?: break
            default: throw .invalidPayload.at(0, "CONNECT_ERROR takes an object or a string")
            }
        case SIOPacketType.event.rawValue, SIOPacketType.binaryEvent.rawValue:
            guard case .array(let elements)? = payload, let name = elements.first else {
                throw .invalidPayload.at(0, "an event takes a non-empty array")
            }
            switch name {
            case .int, .double:
                break
            case .string(let s):
                if SIOPacketType.isReservedEventName(s) {
                    throw .reservedEventName.at(0, "\"\(s)\" is reserved")
                }
            case .null, .bool, .array, .object, .binary:
                throw .invalidPayload.at(0, "an event's name must be a string or a number")
            }
            return
        case SIOPacketType.ack.rawValue, SIOPacketType.binaryAck.rawValue:
            guard case .array? = payload else { throw .invalidPayload.at(0, "an ack takes an array") }
            return
        default:
            throw .unknownPacketType.at(0, "type \(type.rawValue)")
        }
        if let payload, payload.containsBinary {
            throw .invalidPayload.at(0, "binary values travel only in events and acks")
        }
    }
}
