public import NIOCore

/// An incremental RFC 6455 frame parser: header checks first, then a zero-copy payload slice unmasked in place.
public struct WSFrameParser: Sendable {
    // Word-sized fields first, the one-byte ones last, so the struct has no padding inside.

    /// Frame size limit (only `maxFrameSize` is used here; the assembler applies the message limits).
    public var limits: WSLimits
    /// Bytes consumed so far, so errors carry an offset into the whole inbound stream.
    public private(set) var streamOffset: Int = 0
    /// The role of this endpoint; a server requires masked frames, a client unmasked ones.
    public let role: WSRole
    /// Whether an extension (permessage-deflate) gave RSV1 a meaning; RSV2 and RSV3 are always rejected.
    public var allowsRSV1: Bool

    /// A parser for `role` with `limits`; `allowsRSV1` only when an extension using RSV1 was negotiated.
    public init(role: WSRole, limits: WSLimits = WSLimits(), allowsRSV1: Bool = false) {
        self.role = role
        self.limits = limits
        self.allowsRSV1 = allowsRSV1
    }

    /// Parses one frame from the front of `buffer`.
    ///
    /// Returns nil when more bytes are needed, leaving `buffer` untouched; otherwise consumes exactly the frame.
    /// The payload is a slice of `buffer` unmasked in place; only when `buffer`'s storage is shared with another
    /// ByteBuffer (e.g. an earlier frame still held by the caller) is the payload copied, never the rest.
    public mutating func parseStep(_ buffer: inout ByteBuffer) throws(WSError) -> WSFrame? {
        guard let header = try peekHeader(buffer) else { return nil }
        let headerSize = header.headerSize
        let length = header.payloadLength
        guard buffer.readableBytes - headerSize >= length else { return nil }

        let payloadIndex = buffer.readerIndex + headerSize
        var needsCopy = false
        if let key = header.maskKey, length > 0 {
            let unmaskedInPlace: Void? = buffer.modifyIfUniquelyOwned { (whole: inout ByteBuffer) in
                whole.withUnsafeMutableReadableBytes { bytes in
                    let range = headerSize..<(headerSize + length)
                    WSMasking.apply(key, to: UnsafeMutableRawBufferPointer(rebasing: bytes[range]))
                }
            }
            needsCopy = unmaskedInPlace == nil
        }
        buffer.moveReaderIndex(to: payloadIndex)
        guard var payload = buffer.readSlice(length: length) else { return nil }
        if needsCopy, let key = header.maskKey {
            // Shared storage: copy only this payload (a copy of the rest per frame would be quadratic).
            payload.wsMask(key)
        }
        let frame = WSFrame(
            fin: header.fin, rsv1: header.rsv1, rsv2: false, rsv3: false, opcode: header.opcode,
            maskKey: header.maskKey, payload: payload
        )
        return try finish(frame, consumed: headerSize + length)
    }

    /// A frame header that passed every check, read without consuming anything.
    struct Header {
        var fin: Bool
        var rsv1: Bool
        var opcode: WSOpcode
        var maskKey: WSMaskKey?
        var headerSize: Int
        var payloadLength: Int
    }

    /// Reads and checks the header at the front of `buffer`; nil when it is not complete yet.
    func peekHeader(_ buffer: ByteBuffer) throws(WSError) -> Header? {
        let start = buffer.readerIndex
        guard let (first, second) = buffer.getMultipleIntegers(at: start, as: (UInt8, UInt8).self) else {
            return nil
        }
        let opcode = WSOpcode(rawValue: first & 0x0F)
        let fin = first & 0x80 != 0
        let rsv1 = first & 0x40 != 0
        let masked = second & 0x80 != 0
        try checkFirstBytes(first: first, opcode: opcode, fin: fin, rsv1: rsv1, masked: masked)

        let shortLength = Int(second & 0x7F)
        var headerSize = 2
        var length = shortLength
        if shortLength == 126 {
            guard let value = buffer.getInteger(at: start + 2, as: UInt16.self) else { return nil }
            headerSize = 4
            length = Int(value)
            if length < 126 {
                throw fail(.protocolError, "16-bit length \(length) should use the 7-bit form", at: 2)
            }
        } else if shortLength == 127 {
            guard let value = buffer.getInteger(at: start + 2, as: UInt64.self) else { return nil }
            headerSize = 10
            if value & (1 << 63) != 0 {
                throw fail(.protocolError, "the most significant bit of a 64-bit length must be 0", at: 2)
            }
            length = Int(value)
            if length <= 0xFFFF {
                throw fail(.protocolError, "64-bit length \(length) should use a shorter form", at: 2)
            }
        }
        if opcode.isControl && length > 125 {
            throw fail(.protocolError, "control frame payload of \(length) bytes exceeds 125", at: 1)
        }
        if length > limits.maxFrameSize {
            throw fail(
                .messageTooBig, "frame payload of \(length) bytes exceeds maxFrameSize \(limits.maxFrameSize)", at: 1
            )
        }
        var key: WSMaskKey?
        if masked {
            guard let word = buffer.getInteger(at: start + headerSize, endianness: .little, as: UInt32.self) else {
                return nil
            }
            key = WSMaskKey(fromWord: word)
            headerSize += 4
        }
        return Header(
            fin: fin, rsv1: rsv1, opcode: opcode, maskKey: key, headerSize: headerSize, payloadLength: length
        )
    }

    /// Checks everything the first two bytes decide, so a bad frame fails before its length is even read.
    private func checkFirstBytes(first: UInt8, opcode: WSOpcode, fin: Bool, rsv1: Bool, masked: Bool) throws(WSError) {
        if first & 0x30 != 0 {
            throw fail(.protocolError, "RSV2/RSV3 set without a negotiated extension", at: 0)
        }
        if rsv1 && !(allowsRSV1 && (opcode == .text || opcode == .binary)) {
            throw fail(
                .protocolError,
                allowsRSV1 ? "RSV1 set on a \(opcode) frame" : "RSV1 set without a negotiated extension", at: 0
            )
        }
        if !opcode.isDefined {
            throw fail(.protocolError, "reserved opcode \(opcode.rawValue)", at: 0)
        }
        if opcode.isControl && !fin {
            throw fail(.protocolError, "fragmented \(opcode) frame", at: 0)
        }
        switch role {
        case .server where !masked:
            throw fail(.protocolError, "a client frame must be masked", at: 1)
        case .client where masked:
            throw fail(.protocolError, "a server frame must not be masked", at: 1)
        case .server, .client:
            break
        }
    }

    /// Validates a close payload, then accounts for the consumed bytes.
    private mutating func finish(_ frame: WSFrame, consumed: Int) throws(WSError) -> WSFrame {
        if frame.opcode == .close {
            do {
                _ = try WSClosePayload(parsing: frame.payload)
            } catch {
                throw error.shifted(by: streamOffset + consumed - frame.payload.readableBytes)
            }
        }
        streamOffset += consumed
        return frame
    }

    private func fail(_ kind: WSError, _ detail: String, at offset: Int) -> WSError {
        kind.with(detail: detail, offset: streamOffset + offset)
    }
}
