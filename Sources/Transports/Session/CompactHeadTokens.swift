/// The texts `CompactRequestHead` stores as one byte: exact spellings of the method, header names and values that
/// browsers and common clients send in a WebSocket or polling handshake. Appending is safe; reordering is too (the
/// table lives only in memory), but keep it under 64 entries so every token stays one byte.
enum CompactHeadTokens {
    static let texts: [String] = [
        "GET", "POST",
        "Host", "host", "Connection", "connection", "Upgrade", "upgrade",
        "Sec-WebSocket-Key", "sec-websocket-key", "Sec-WebSocket-Version", "sec-websocket-version",
        "Sec-WebSocket-Extensions", "sec-websocket-extensions", "Sec-WebSocket-Protocol", "sec-websocket-protocol",
        "User-Agent", "user-agent", "Origin", "origin", "Cookie", "cookie", "Accept", "accept",
        "Accept-Encoding", "accept-encoding", "Accept-Language", "accept-language",
        "Cache-Control", "cache-control", "Pragma", "pragma", "Referer", "referer",
        "X-Forwarded-For", "x-forwarded-for", "Content-Type", "content-type", "Content-Length", "content-length",
        "websocket", "13", "no-cache", "keep-alive", "*/*", "gzip, deflate", "gzip, deflate, br",
        "gzip, deflate, br, zstd", "permessage-deflate; client_max_window_bits", "text/plain;charset=UTF-8",
    ]

    /// Each text's token.
    static let index: [String: Int] = Dictionary(
        texts.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first }
    )
}
