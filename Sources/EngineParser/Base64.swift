/// Standard base64 (RFC 4648 alphabet, `=` padding), as Node's `Buffer` writes it; hand-written so the codec needs
/// no dependency.
@usableFromInline
enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0...63 for alphabet bytes, 0xFF otherwise.
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// Encoded length of `count` bytes, with padding.
    @inlinable
    static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Appends the base64 form of `src` to `out`.
    @usableFromInline
    static func encode(_ src: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let n = src.count
        guard n > 0 else { return }
        let start = out.count
        let total = encodedCount(n)
        out.append(contentsOf: repeatElement(0, count: total))
        alphabet.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { buf in
                var o = start
                var i = 0
                while i + 3 <= n {
                    let v = UInt32(src[i]) << 16 | UInt32(src[i + 1]) << 8 | UInt32(src[i + 2])
                    buf[o] = table[Int(v >> 18)]
                    buf[o + 1] = table[Int((v >> 12) & 63)]
                    buf[o + 2] = table[Int((v >> 6) & 63)]
                    buf[o + 3] = table[Int(v & 63)]
                    i += 3
                    o += 4
                }
                let rest = n - i
                if rest > 0 {
                    let v = UInt32(src[i]) << 16 | (rest == 2 ? UInt32(src[i + 1]) << 8 : 0)
                    buf[o] = table[Int(v >> 18)]
                    buf[o + 1] = table[Int((v >> 12) & 63)]
                    buf[o + 2] = rest == 2 ? table[Int((v >> 6) & 63)] : 0x3D
                    buf[o + 3] = 0x3D
                }
            }
        }
    }

    /// Decodes `src`; padding is optional, but if present it must complete the last quantum. Returns the bytes, or
    /// the offset of the first offending character.
    static func decode(_ src: UnsafeRawBufferPointer) -> Result<[UInt8], EngineError> {
        var n = src.count
        // Strip up to two `=`, which must be the padding of a 4-character quantum.
        var pad = 0
        while pad < 2, n > 0, src[n - 1] == 0x3D {
            n -= 1
            pad += 1
        }
        if pad > 0, (n + pad) % 4 != 0 {
            return .failure(.invalidBase64.at(n, "base64 padding does not complete a quantum"))
        }
        let tail = n % 4
        if tail == 1 {
            return .failure(.invalidBase64.at(n - 1, "base64 length leaves a single character"))
        }
        let outCount = n / 4 * 3 + (tail == 0 ? 0 : tail - 1)
        var bad = -1
        let bytes = reverse.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: outCount) { out, initialized in
                var i = 0
                var o = 0
                while i + 4 <= n {
                    let a = table[Int(src[i])], b = table[Int(src[i + 1])]
                    let c = table[Int(src[i + 2])], d = table[Int(src[i + 3])]
                    if (a | b | c | d) & 0xC0 != 0 {
                        bad = i + (a == 0xFF ? 0 : b == 0xFF ? 1 : c == 0xFF ? 2 : 3)
                        initialized = 0
                        return
                    }
                    let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    out[o] = UInt8(truncatingIfNeeded: v >> 16)
                    out[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    out[o + 2] = UInt8(truncatingIfNeeded: v)
                    i += 4
                    o += 3
                }
                if tail > 0 {
                    var v: UInt32 = 0
                    for k in 0..<tail {
                        let x = table[Int(src[i + k])]
                        if x == 0xFF {
                            bad = i + k
                            initialized = 0
                            return
                        }
                        v |= UInt32(x) << (18 - 6 * UInt32(k))
                    }
                    out[o] = UInt8(truncatingIfNeeded: v >> 16)
                    if tail == 3 { out[o + 1] = UInt8(truncatingIfNeeded: v >> 8) }
                }
                initialized = outCount
            }
        }
        if bad >= 0 {
            return .failure(.invalidBase64.at(bad, "byte \(src[bad]) is not a base64 character"))
        }
        return .success(bytes)
    }
}
