/// Query-string parsing for engine requests. (Owner: HTTP helpers. Stub: replace the body.)
public enum EngineQuery {
    /// The parameters of `uri`'s query, percent-decoded (`+` as space, like `URLSearchParams`); the last value of a
    /// repeated name wins. Malformed escapes are kept as they are, never a crash.
    public static func parse(_ uri: String) -> [String: String] {
        guard let q = uri.firstIndex(of: "?") else { return [:] }
        var out: [String: String] = [:]
        for pair in uri[uri.index(after: q)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return out
    }
}
