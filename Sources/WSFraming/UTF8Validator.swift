public import NIOCore

/// An incremental UTF-8 validator (Unicode Table 3-7): correct across chunk boundaries and failing at the first
/// byte that cannot continue a valid sequence (overlongs, surrogates and code points above U+10FFFF included).
public struct UTF8Validator: Hashable, Sendable {
    /// Continuation bytes still expected by the sequence in progress.
    private var pending: UInt8 = 0
    /// Smallest byte allowed next in the sequence in progress.
    private var lower: UInt8 = 0x80
    /// Largest byte allowed next in the sequence in progress.
    private var upper: UInt8 = 0xBF
    /// Bytes accepted so far, so an error points at the offending byte of the whole text.
    public private(set) var validatedCount: Int = 0

    /// A validator at the start of a text.
    public init() {}

    /// Whether the text so far ends between code points (so it may end here).
    public var isAtBoundary: Bool { pending == 0 }

    /// Validates the next chunk of the text; throws `.invalidPayloadData` with the offset of the first bad byte.
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) throws(WSError) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var i = 0
        var pending = self.pending
        var lower = self.lower
        var upper = self.upper
        while i < count {
            if pending == 0 {
                // ASCII fast path, 16 bytes per step; the common case of Socket.IO JSON text.
                while i + 16 <= count {
                    let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let b = base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    if (a | b) & 0x8080_8080_8080_8080 != 0 { break }
                    i += 16
                }
                while i < count && base.load(fromByteOffset: i, as: UInt8.self) < 0x80 { i += 1 }
                if i == count { break }
                let byte = base.load(fromByteOffset: i, as: UInt8.self)
                switch byte {
                case 0xC2...0xDF: pending = 1; lower = 0x80; upper = 0xBF
                case 0xE0: pending = 2; lower = 0xA0; upper = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: pending = 2; lower = 0x80; upper = 0xBF
                case 0xED: pending = 2; lower = 0x80; upper = 0x9F
                case 0xF0: pending = 3; lower = 0x90; upper = 0xBF
                case 0xF1...0xF3: pending = 3; lower = 0x80; upper = 0xBF
                case 0xF4: pending = 3; lower = 0x80; upper = 0x8F
                default:
                    throw failure(at: i, "byte 0x\(String(byte, radix: 16)) cannot start a sequence")
                }
                i += 1
            } else {
                let byte = base.load(fromByteOffset: i, as: UInt8.self)
                guard byte >= lower && byte <= upper else {
                    throw failure(at: i, "byte 0x\(String(byte, radix: 16)) cannot continue the sequence")
                }
                pending -= 1
                lower = 0x80
                upper = 0xBF
                i += 1
            }
        }
        self.pending = pending
        self.lower = lower
        self.upper = upper
        validatedCount += count
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
