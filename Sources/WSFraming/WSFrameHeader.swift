public import NIOCore

/// A frame header as a value: built once, written in front of a payload that may be shared by many connections.
public struct WSFrameHeader: Hashable, Sendable {
    /// FIN bit.
    public var fin: Bool
    /// RSV1 bit.
    public var rsv1: Bool
    /// RSV2 bit.
    public var rsv2: Bool
    /// RSV3 bit.
    public var rsv3: Bool
    /// The opcode.
    public var opcode: WSOpcode
    /// The masking key (client frames), or nil (server frames).
    public var maskKey: WSMaskKey?
    /// The payload length in bytes.
    public var payloadLength: Int

    /// The largest header: 2 bytes, an 8-byte extended length and a 4-byte key.
    public static let maximumSize = 14

    /// A header with every field given.
    public init(
        fin: Bool = true,
        rsv1: Bool = false,
        rsv2: Bool = false,
        rsv3: Bool = false,
        opcode: WSOpcode,
        maskKey: WSMaskKey? = nil,
        payloadLength: Int
    ) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.maskKey = maskKey
        self.payloadLength = payloadLength
    }

    /// Bytes this header takes on the wire (the minimal length encoding, as RFC 6455 §5.2 requires).
    public var encodedSize: Int {
        let lengthBytes = payloadLength <= 125 ? 0 : (payloadLength <= 0xFFFF ? 2 : 8)
        return 2 + lengthBytes + (maskKey == nil ? 0 : 4)
    }

    /// Appends the header to `buffer`; returns the number of bytes written.
    @discardableResult
    public func write(to buffer: inout ByteBuffer) -> Int {
        var first: UInt8 = opcode.rawValue
        if fin { first |= 0x80 }
        if rsv1 { first |= 0x40 }
        if rsv2 { first |= 0x20 }
        if rsv3 { first |= 0x10 }
        let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
        var written = 0
        if payloadLength <= 125 {
            written += buffer.writeMultipleIntegers(first, maskBit | UInt8(payloadLength))
        } else if payloadLength <= 0xFFFF {
            written += buffer.writeMultipleIntegers(first, maskBit | 126, UInt16(payloadLength))
        } else {
            written += buffer.writeMultipleIntegers(first, maskBit | 127, UInt64(payloadLength))
        }
        if let maskKey {
            written += buffer.writeInteger(maskKey.word, endianness: .little)
        }
        return written
    }

    /// The header's bytes, e.g. to keep and write in front of a payload broadcast to many connections.
    public var bytes: ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: encodedSize)
        write(to: &buffer)
        return buffer
    }
}
