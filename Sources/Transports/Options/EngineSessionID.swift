/// Session id generation.
public enum EngineSessionID {
    /// The default id's length: 15 URL-safe base64 characters, 90 cryptographically random bits.
    ///
    /// The reference makes 20 characters (120 bits). Swift keeps a string of at most 15 UTF-8 bytes inline, so a
    /// 15-character id costs a session (and every table keyed by it) no heap allocation, where a 20-character one
    /// costs 80 bytes for the session's whole life; 90 random bits stay far beyond guessing (session-id guidance
    /// asks for 64). Clients treat the sid as opaque.
    public static let defaultLength = 15

    private static let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    /// `defaultLength` URL-safe base64 characters from a cryptographically secure generator.
    public static func random() -> String {
        var rng = SystemRandomNumberGenerator()
        // 60 bits for the first ten characters, 30 of a second draw for the last five.
        let high = rng.next()
        let low = rng.next()
        return String(unsafeUninitializedCapacity: defaultLength) { out in
            alphabet.withUTF8Buffer { table in
                for i in 0..<10 { out[i] = table[Int((high >> (6 * UInt64(i))) & 63)] }
                for i in 0..<5 { out[10 + i] = table[Int((low >> (6 * UInt64(i))) & 63)] }
            }
            return defaultLength
        }
    }
}
