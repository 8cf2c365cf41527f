import NIOCore

/// Joins data frames into messages within the limits, inflating through the codec and validating text as it goes.
///
/// Control frames never reach it (the connection handles them between fragments). A continuation without a started
/// message, or a new text/binary frame while one is open, is a protocol error.
public struct WSMessageAssembler {
    /// Message size and fragment count limits.
    public var limits: WSLimits
    /// The negotiated per-message codec (permessage-deflate), or nil.
    public let codec: (any WSMessageCodec)?
    /// Computed, not stored: an idle connection carries an assembler, and the allocator is four function pointers.
    private var allocator: ByteBufferAllocator { ByteBufferAllocator() }
    private var state: State = .idle

    private enum State {
        case idle
        /// Boxed: only fragmented messages use it, and every idle connection carries the assembler.
        indirect case assembling(Partial)
    }

    /// A message whose final fragment has not arrived yet.
    private struct Partial {
        var kind: WSMessage.Kind
        var compressed: Bool
        var fragments: Int
        /// Joined (and inflated) bytes so far; nil while the only fragment is still the first, uncompressed one.
        var joined: ByteBuffer
        var utf8: UTF8Validator
    }

    /// An assembler using `limits` and, when an extension was negotiated, `codec`.
    public init(limits: WSLimits = WSLimits(), codec: (any WSMessageCodec)? = nil) {
        self.limits = limits
        self.codec = codec
    }

    /// Whether a fragmented message is in progress.
    public var isAssembling: Bool {
        switch state {
        case .idle: false
        case .assembling: true
        }
    }

    /// The validator state after `prevalidated` bytes of the current frame.
    var prevalidator: UTF8Validator?
    /// Bytes of text in the current (uncompressed) frame that `prevalidate` has already checked; 32 bits fill the
    /// validator's padding (a frame's first 4 GiB at most are checked early, the rest when it completes).
    var prevalidated: UInt32 = 0

    /// Takes one data frame; returns the message it completes, or nil when more fragments are needed.
    public mutating func push(_ frame: WSFrame) throws(WSError) -> WSMessage? {
        switch state {
        case .idle:
            let kind: WSMessage.Kind
            switch frame.opcode {
            case .text: kind = .text
            case .binary: kind = .binary
            case .continuation:
                throw WSError.protocolError.with(detail: "continuation frame without a message to continue")
            default:
                throw WSError.internalError.with(detail: "\(frame.opcode) frame given to the message assembler")
            }
            if frame.rsv1 && codec == nil {
                throw WSError.protocolError.with(detail: "RSV1 set without a negotiated extension")
            }
            var partial = Partial(
                kind: kind, compressed: frame.rsv1, fragments: 0, joined: allocator.buffer(capacity: 0),
                utf8: UTF8Validator()
            )
            if frame.fin && !frame.rsv1 {
                // The common case: one uncompressed frame, delivered as a slice with no copy.
                try checkSize(frame.payload.readableBytes)
                if kind == .text { try validateText(frame.payload, &partial.utf8, final: true) }
                return WSMessage(kind: kind, payload: frame.payload)
            }
            return try append(frame, to: &partial)
        case .assembling(var partial):
            guard frame.opcode == .continuation else {
                throw WSError.protocolError.with(detail: "new \(frame.opcode) frame while a fragmented message is open")
            }
            if frame.rsv1 {
                throw WSError.protocolError.with(detail: "RSV1 set on a continuation frame")
            }
            state = .idle
            return try append(frame, to: &partial)
        }
    }

    /// Adds one fragment to `partial`; stores it back or returns the finished message.
    private mutating func append(_ frame: WSFrame, to partial: inout Partial) throws(WSError) -> WSMessage? {
        partial.fragments += 1
        if partial.fragments > limits.maxFragmentsPerMessage {
            throw WSError.messageTooBig.with(
                detail: "more than maxFragmentsPerMessage (\(limits.maxFragmentsPerMessage)) fragments"
            )
        }
        if partial.compressed, let codec {
            let before = partial.joined.writerIndex
            try codec.decompress(
                frame.payload, isFinal: frame.fin, into: &partial.joined, limit: limits.maxMessageSize
            )
            // Defence in depth: a codec that overshoots its limit must not grow the message past it.
            try checkSize(partial.joined.readableBytes)
            if partial.kind == .text {
                let fresh = partial.joined.getSlice(at: before, length: partial.joined.writerIndex - before)
                if let fresh { try validateText(fresh, &partial.utf8, final: frame.fin) }
            }
        } else {
            try checkSize(partial.joined.readableBytes + frame.payload.readableBytes)
            if partial.kind == .text { try validateText(frame.payload, &partial.utf8, final: frame.fin) }
            var payload = frame.payload
            partial.joined.writeBuffer(&payload)
        }
        if frame.fin {
            state = .idle
            return WSMessage(kind: partial.kind, payload: partial.joined)
        }
        state = .assembling(partial)
        return nil
    }

    /// Validates one more chunk of text, resuming after bytes `prevalidate` already checked in this frame.
    private mutating func validateText(_ bytes: ByteBuffer, _ validator: inout UTF8Validator, final: Bool) throws(WSError) {
        var bytes = bytes
        if let resumed = prevalidator, Int(prevalidated) <= bytes.readableBytes {
            validator = resumed
            bytes.moveReaderIndex(forwardBy: Int(prevalidated))
        }
        prevalidator = nil
        prevalidated = 0
        try validator.validate(bytes)
        if final { try validator.finish() }
    }

    /// Fails a data frame whose header alone shows the message would exceed a limit, before its payload is buffered.
    func checkLimits(_ header: WSFrameParser.Header) throws(WSError) {
        guard !header.opcode.isControl else { return }
        switch state {
        case .idle:
            if !header.rsv1 { try checkSize(header.payloadLength) }
        case .assembling(let partial):
            if partial.fragments + 1 > limits.maxFragmentsPerMessage {
                throw WSError.messageTooBig.with(
                    detail: "more than maxFragmentsPerMessage (\(limits.maxFragmentsPerMessage)) fragments"
                )
            }
            if !partial.compressed { try checkSize(partial.joined.readableBytes + header.payloadLength) }
        }
    }

    /// Validates the part of a text frame that has arrived before the rest, so bad UTF-8 fails the connection
    /// without waiting for the frame to complete (Autobahn 6.4.x); the bytes checked here are not checked again.
    mutating func prevalidate(_ header: WSFrameParser.Header, partialPayload: ByteBuffer) throws(WSError) {
        var validator: UTF8Validator
        switch state {
        case .idle:
            guard header.opcode == .text && !header.rsv1 else { return }
            validator = UTF8Validator()
        case .assembling(let partial):
            guard header.opcode == .continuation && partial.kind == .text && !partial.compressed else { return }
            validator = partial.utf8
        }
        if let resumed = prevalidator { validator = resumed }
        let available = min(partialPayload.readableBytes, header.payloadLength, Int(UInt32.max))
        var position = Int(prevalidated)
        guard available > position else { return }
        let key = header.maskKey
        try partialPayload.withUnsafeReadableBytes { (raw) throws(WSError) in
            try withUnsafeTemporaryAllocation(byteCount: 256, alignment: 16) { (scratch) throws(WSError) in
                while position < available {
                    let count = min(scratch.count, available - position)
                    let chunk = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<count])
                    chunk.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[position..<(position + count)]))
                    if let key { WSMasking.apply(key, to: chunk, phase: position) }
                    try validator.validate(UnsafeRawBufferPointer(chunk))
                    position += count
                }
            }
        }
        prevalidator = validator
        prevalidated = UInt32(available)
    }

    private func checkSize(_ size: Int) throws(WSError) {
        if size > limits.maxMessageSize {
            throw WSError.messageTooBig.with(
                detail: "message of \(size) bytes exceeds maxMessageSize \(limits.maxMessageSize)"
            )
        }
    }
}
