import CCrypto
import Foundation

/// Checks the handshake signature of the chat: `sign` = lowercase hex md5(app + key + timestamp), with the
/// timestamp (milliseconds since 1970) no further than `maxClockSkew` from now.
///
/// md5 is what the demo's protocol prescribes for its browser page; it is a demonstration of a signed handshake,
/// not a recommendation (a real deployment would have its backend issue an HMAC or a token).
public struct DemoSignature: Sendable {
    /// The apps and their keys.
    public let apps: [String: String]
    /// How far the timestamp may be from now, in milliseconds.
    public let maxClockSkewMilliseconds: Int64
    /// Milliseconds since 1970, injectable so tests control the clock.
    public let now: @Sendable () -> Int64

    /// A checker for `apps` (id → key), accepting timestamps within `maxClockSkewSeconds` of `now()`.
    public init(
        apps: [String: String], maxClockSkewSeconds: Int,
        now: @escaping @Sendable () -> Int64 = DemoSignature.systemMilliseconds
    ) {
        self.apps = apps
        // Clamped so the multiplication cannot overflow whatever a configuration says.
        self.maxClockSkewMilliseconds = Int64(min(max(maxClockSkewSeconds, 0), 1_000_000_000)) * 1000
        self.now = now
    }

    /// The wall clock in milliseconds since 1970.
    @Sendable public static func systemMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The signature of `app` with `key` at `timestamp` (the decimal text the client sends).
    public static func sign(app: String, key: String, timestamp: String) -> String {
        md5Hex(Array((app + key + timestamp).utf8))
    }

    /// Lowercase hex of the md5 digest of `bytes` (libcrypto's EVP interface).
    public static func md5Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, EVP_md5(), nil)
            }
        }
        // EVP_Digest with md5 cannot fail short of memory exhaustion; an empty result then never matches a hex
        // signature, so verification fails closed.
        guard ok == 1, length == 16 else { return "" }
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(32)
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Accepts or throws why not: unknown app, bad signature (also a missing or non-decimal timestamp), expired.
    public func verify(app: String?, timestamp: String?, sign: String?) throws(DemoSignatureRejection) {
        guard let app, let key = apps[app] else { throw .unknownApp }
        guard let timestamp, let sign, let milliseconds = Self.decimal(timestamp) else { throw .badSignature }
        let expected = Self.sign(app: app, key: key, timestamp: timestamp)
        guard Self.constantTimeEqual(Array(expected.utf8), Array(sign.lowercased().utf8)) else {
            throw .badSignature
        }
        let (skew, overflow) = now().subtractingReportingOverflow(milliseconds)
        guard !overflow, skew.magnitude <= maxClockSkewMilliseconds.magnitude else { throw .expired }
    }

    /// A non-negative decimal integer of at most 16 digits (milliseconds until the year 318857), else nil.
    static func decimal(_ text: String) -> Int64? {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= 16, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(text)
    }

    /// Compares without an early exit, so the time taken does not tell how much of a guess was right.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
