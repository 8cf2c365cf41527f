/// Session id generation.
public enum EngineSessionID {
    /// 20 URL-safe base64 characters from 15 cryptographically random bytes (the reference's default shape).
    public static func random() -> String {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out = [UInt8]()
        out.reserveCapacity(20)
        for _ in 0..<5 {
            let v = UInt32(truncatingIfNeeded: rng.next()) & 0xFF_FFFF
            out.append(alphabet[Int((v >> 18) & 63)])
            out.append(alphabet[Int((v >> 12) & 63)])
            out.append(alphabet[Int((v >> 6) & 63)])
            out.append(alphabet[Int(v & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
