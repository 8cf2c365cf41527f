import CCrypto

/// Signs session ids with HMAC-SHA256 (libcrypto) so clients cannot forge or guess them: `"<id>.<signature>"`,
/// the signature in unpadded base64url (43 characters).
///
/// Our own format only: Node's `cookie-signature` `s:` prefix is not accepted (the two never share secrets).
public struct SessionSigner: Sendable {
    /// The length of an HMAC-SHA256 digest.
    static let digestCount = 32
    /// The length of its base64url text.
    static let signatureCount = Base64URL.encodedCount(digestCount)

    private let keys: [[UInt8]]

    /// A signer: the first secret signs, every one verifies (rotation). With no secret nothing verifies.
    public init(secrets: [String]) {
        keys = secrets.map { Array($0.utf8) }
    }

    /// `"<id>.<signature>"`, signed with the first secret (with none, a value no signer accepts).
    public func sign(_ id: String) -> String {
        guard let key = keys.first else { return id + "." }
        return id + "." + Base64URL.encode(Self.mac(key: key, message: Array(id.utf8)))
    }

    /// The id of a value one of the secrets signed, or nil (empty id, no dot, bad base64url, wrong length, or no
    /// secret verifies it).
    public func unsign(_ value: String) -> String? {
        let utf8 = value.utf8
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")), dot != utf8.startIndex else { return nil }
        let signatureText = value[value.index(after: dot)...].utf8
        guard signatureText.count == Self.signatureCount, let signature = Base64URL.decode(signatureText),
            signature.count == Self.digestCount
        else { return nil }
        let id = Array(utf8[..<dot])
        // Every secret is tried, with no early exit, so the time does not tell which one matched.
        var verified = false
        for key in keys {
            let expected = Self.mac(key: key, message: id)
            let equal = expected.withUnsafeBytes { a in
                signature.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, Self.digestCount) == 0 }
            }
            verified = verified || equal
        }
        return verified ? String(value[..<dot]) : nil
    }

    /// HMAC-SHA256 of `message` under `key`.
    static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        // libcrypto wants real pointers even for empty input, and an empty array's base address may be nil:
        // a trailing zero byte (not counted) guarantees one.
        let keyBytes = key + [0]
        let messageBytes = message + [0]
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        keyBytes.withUnsafeBufferPointer { k in
            messageBytes.withUnsafeBufferPointer { m in
                digest.withUnsafeMutableBufferPointer { out in
                    _ = HMAC(
                        EVP_sha256(), k.baseAddress, Int32(key.count), m.baseAddress, message.count, out.baseAddress,
                        &length)
                }
            }
        }
        return Array(digest.prefix(Int(length)))
    }
}
