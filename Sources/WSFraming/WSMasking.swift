public import NIOCore

/// XOR masking of payload bytes in place (RFC 6455 §5.3); masking and unmasking are the same operation.
public enum WSMasking {
    /// Masks (or unmasks) `bytes` in place as if they start at position `phase` of the payload.
    ///
    /// `phase` lets a payload be unmasked in pieces: the key rotates by the number of payload bytes already done.
    /// Works 64 bytes per step with 16-byte vectors on the key repeated across the vector, then words, then bytes.
    @inlinable
    public static func apply(_ key: WSMaskKey, to bytes: UnsafeMutableRawBufferPointer, phase: Int = 0) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let shift = UInt32((phase & 3) * 8)
        // Rotating right by the phase makes byte 0 of the rotated word the key byte that applies at `base`.
        let rotated = shift == 0 ? key.word : (key.word >> shift) | (key.word << (32 - shift))
        applyRotated(rotated, base, bytes.count)
    }

    /// The loop behind `apply`, not inlined so callers stay small.
    ///
    /// Bytes before the first 16-byte boundary go one at a time (rotating the key), so the vector loop's loads and
    /// stores never straddle cache lines; a payload after a 2-, 4-, 8- or 14-byte header is rarely aligned.
    @usableFromInline
    static func applyRotated(_ rotated: UInt32, _ base: UnsafeMutableRawPointer, _ count: Int) {
        var key = rotated
        var i = 0
        if count >= 64 {
            let head = Int((16 &- (UInt(bitPattern: base) & 15)) & 15)
            while i < head {
                let byte = base.load(fromByteOffset: i, as: UInt8.self)
                base.storeBytes(of: byte ^ UInt8(truncatingIfNeeded: key), toByteOffset: i, as: UInt8.self)
                key = key >> 8 | key << 24
                i &+= 1
            }
        }
        let word64 = UInt64(key) | UInt64(key) << 32
        if count &- i >= 16 {
            let lanes = SIMD2<UInt64>(repeating: word64.littleEndian)
            let vector = unsafeBitCast(lanes, to: SIMD16<UInt8>.self)
            while count &- i >= 64 {
                let a = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                let b = base.loadUnaligned(fromByteOffset: i &+ 16, as: SIMD16<UInt8>.self)
                let c = base.loadUnaligned(fromByteOffset: i &+ 32, as: SIMD16<UInt8>.self)
                let d = base.loadUnaligned(fromByteOffset: i &+ 48, as: SIMD16<UInt8>.self)
                base.storeBytes(of: a ^ vector, toByteOffset: i, as: SIMD16<UInt8>.self)
                base.storeBytes(of: b ^ vector, toByteOffset: i &+ 16, as: SIMD16<UInt8>.self)
                base.storeBytes(of: c ^ vector, toByteOffset: i &+ 32, as: SIMD16<UInt8>.self)
                base.storeBytes(of: d ^ vector, toByteOffset: i &+ 48, as: SIMD16<UInt8>.self)
                i &+= 64
            }
            while count &- i >= 16 {
                let a = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                base.storeBytes(of: a ^ vector, toByteOffset: i, as: SIMD16<UInt8>.self)
                i &+= 16
            }
        }
        // Every step above after the head is a multiple of 4, so the key phase is unchanged here.
        while count &- i >= 8 {
            let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            base.storeBytes(of: a ^ word64.littleEndian, toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        var rest = word64
        while i < count {
            let byte = base.load(fromByteOffset: i, as: UInt8.self)
            base.storeBytes(of: byte ^ UInt8(truncatingIfNeeded: rest), toByteOffset: i, as: UInt8.self)
            rest >>= 8
            i &+= 1
        }
    }
}

extension ByteBuffer {
    /// Masks (or unmasks) the readable bytes in place, as if they start at position `phase` of the payload.
    public mutating func wsMask(_ key: WSMaskKey, phase: Int = 0) {
        withUnsafeMutableReadableBytes { WSMasking.apply(key, to: $0, phase: phase) }
    }
}
