public import NIOCore

/// The body of a close frame: an optional status code and a UTF-8 reason (RFC 6455 §5.5.1).
public struct WSClosePayload: Hashable, Sendable {
    /// The status code, or nil for an empty close body (reported as 1005 locally).
    public var code: WSCloseCode?
    /// The UTF-8 reason; empty when there is none.
    public var reason: String

    /// A close body; a reason without a code cannot be encoded and is dropped.
    public init(code: WSCloseCode?, reason: String = "") {
        self.code = code
        self.reason = reason
    }

    /// Parses a close frame's (unmasked) payload: empty, or a valid code followed by a UTF-8 reason.
    ///
    /// One byte is a protocol error, as is a code peers may not send; a bad reason is `.invalidPayloadData`.
    public init(parsing payload: ByteBuffer) throws(WSError) {
        let count = payload.readableBytes
        if count == 0 {
            self.init(code: nil)
            return
        }
        guard let raw = payload.getInteger(at: payload.readerIndex, as: UInt16.self) else {
            throw WSError.protocolError.with(detail: "a close payload of 1 byte has half a status code", offset: 0)
        }
        let code = WSCloseCode(rawValue: raw)
        guard code.isValidOnWire else {
            throw WSError.protocolError.with(detail: "close code \(raw) may not be sent by a peer", offset: 0)
        }
        var validator = UTF8Validator()
        guard let reasonBytes = payload.getSlice(at: payload.readerIndex + 2, length: count - 2) else {
            throw WSError.internalError.with(detail: "close payload slice out of range", offset: 0)
        }
        do {
            try validator.validate(reasonBytes)
            try validator.finish()
        } catch {
            throw error.shifted(by: 2)
        }
        self.init(code: code, reason: String(buffer: reasonBytes))
    }

    /// Appends the encoded body (nothing when `code` is nil) to `buffer`.
    public func write(to buffer: inout ByteBuffer) {
        guard let code else { return }
        buffer.writeInteger(code.rawValue)
        buffer.writeString(reason)
    }

    /// The encoded body.
    public var encoded: ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 2 + reason.utf8.count)
        write(to: &buffer)
        return buffer
    }
}
