public import NIOCore

/// An incremental UTF-8 validator (Unicode Table 3-7): correct across chunk boundaries and failing at the first
/// byte that cannot continue a valid sequence (overlongs, surrogates and code points above U+10FFFF included).
public struct UTF8Validator: Hashable, Sendable {
    /// Bytes accepted so far, so an error points at the offending byte of the whole text (first: no padding).
    public private(set) var validatedCount: Int = 0
    /// Continuation bytes still expected by the sequence in progress.
    private var pending: UInt8 = 0
    /// Smallest byte allowed next in the sequence in progress.
    private var lower: UInt8 = 0x80
    /// Largest byte allowed next in the sequence in progress.
    private var upper: UInt8 = 0xBF

    /// A validator at the start of a text.
    public init() {}

    /// Whether the text so far ends between code points (so it may end here).
    public var isAtBoundary: Bool { pending == 0 }

    /// Validates the next chunk of the text; throws `.invalidPayloadData` with the offset of the first bad byte.
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) throws(WSError) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var i = 0
        // Finish a sequence carried over from the previous chunk.
        while pending > 0 && i < count {
            let byte = base.load(fromByteOffset: i, as: UInt8.self)
            guard byte >= lower && byte <= upper else { throw badContinuation(byte, at: i) }
            pending -= 1
            lower = 0x80
            upper = 0xBF
            i += 1
        }
        if pending > 0 {
            validatedCount += count
            return
        }
        // ASCII, 32 then 8 bytes per step: the common case of Socket.IO JSON text.
        while count &- i >= 32 {
            let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
            let c = base.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)
            let d = base.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)
            if (a | b | c | d) & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 32
        }
        while count &- i >= 8 {
            if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 8
        }
        if i < count {
            // Everything up to the last complete sequence goes to the standard library's validator (about three
            // times faster on mixed text than a byte-wise loop); the unfinished tail goes through the carried state.
            let boundary = Self.lastSequenceBoundary(base, from: i, count: count)
            if boundary > i {
                let region = UnsafeBufferPointer(
                    start: (base + i).assumingMemoryBound(to: UInt8.self), count: boundary &- i
                )
                var invalidStart: Int?
                do {
                    _ = try UTF8Span(validating: region.span)
                } catch {
                    invalidStart = i + error.byteOffsets.lowerBound
                }
                if let invalidStart {
                    // The standard library reports where the bad sequence starts (a code point boundary); the exact
                    // bad byte, possibly after the region, is found by the carried-state loop from there.
                    try validateTail(base, from: invalidStart, count: count)
                    validatedCount += count
                    return
                }
                i = boundary
            }
            try validateTail(base, from: i, count: count)
        }
        validatedCount += count
    }

    /// Where the last, unfinished sequence of the chunk starts (or `count` when the chunk ends between code points).
    private static func lastSequenceBoundary(_ base: UnsafeRawPointer, from start: Int, count: Int) -> Int {
        var back = 1
        while back <= 3 && count - back >= start {
            let byte = base.load(fromByteOffset: count - back, as: UInt8.self)
            if byte & 0xC0 != 0x80 {
                // A lead byte whose sequence (length = its leading one bits) runs past the end starts the tail.
                if byte >= 0xC2 && byte <= 0xF4 && back < (~byte).leadingZeroBitCount { return count - back }
                return count
            }
            back += 1
        }
        return count
    }

    /// The last few bytes of a chunk, byte by byte, leaving an unfinished sequence in the carried state.
    private mutating func validateTail(_ base: UnsafeRawPointer, from start: Int, count: Int) throws(WSError) {
        var i = start
        while i < count {
            let byte = base.load(fromByteOffset: i, as: UInt8.self)
            if pending == 0 {
                if byte >= 0x80 {
                    guard byte &- 0xC2 <= 0xF4 - 0xC2 else { throw badLead(byte, at: i) }
                    pending = UInt8((~byte).leadingZeroBitCount - 1)
                    (lower, upper) = Self.secondByteRange(byte)
                }
            } else {
                guard byte >= lower && byte <= upper else { throw badContinuation(byte, at: i) }
                pending -= 1
                lower = 0x80
                upper = 0xBF
            }
            i += 1
        }
    }

    /// The allowed range of the byte after `lead` (Unicode Table 3-7): it excludes overlongs (E0, F0),
    /// surrogates (ED) and code points above U+10FFFF (F4).
    @inline(__always)
    private static func secondByteRange(_ lead: UInt8) -> (UInt8, UInt8) {
        // Branch-free masks (0xFF when `lead` is that byte): mixed text alternates sequence lengths, and the jump
        // table a compiler builds for comparisons mispredicts on every change.
        @inline(__always) func when(_ value: UInt8) -> UInt8 {
            UInt8(truncatingIfNeeded: (UInt32(lead ^ value) &- 1) >> 8)
        }
        let low: UInt8 = 0x80 | (when(0xE0) & 0x20) | (when(0xF0) & 0x10)
        let high: UInt8 = 0xBF & ~(when(0xED) & 0x20) & ~(when(0xF4) & 0x30)
        return (low, high)
    }

    private func badLead(_ byte: UInt8, at index: Int) -> WSError {
        failure(at: index, "byte 0x\(String(byte, radix: 16)) cannot start a sequence")
    }

    private func badContinuation(_ byte: UInt8, at index: Int) -> WSError {
        failure(at: index, "byte 0x\(String(byte, radix: 16)) cannot continue the sequence")
    }

    /// Validates the readable bytes of `buffer` as the next chunk.
    public mutating func validate(_ buffer: ByteBuffer) throws(WSError) {
        try buffer.withUnsafeReadableBytes { (bytes) throws(WSError) in try validate(bytes) }
    }

    /// Validates a chunk given as an array slice (tests, fuzzing).
    public mutating func validate(_ bytes: ArraySlice<UInt8>) throws(WSError) {
        var failure: WSError?
        bytes.withUnsafeBytes { raw in
            do throws(WSError) { try validate(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Ends the text: throws when it stops inside a sequence.
    public func finish() throws(WSError) {
        if pending != 0 {
            throw WSError.invalidPayloadData.with(detail: "text ends inside a UTF-8 sequence", offset: validatedCount)
        }
    }

    /// Validates a whole text in one call.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var validator = UTF8Validator()
        do {
            try validator.validate(bytes)
            try validator.finish()
            return true
        } catch {
            return false
        }
    }

    private func failure(at index: Int, _ detail: String) -> WSError {
        WSError.invalidPayloadData.with(detail: "invalid UTF-8: \(detail)", offset: validatedCount + index)
    }
}
