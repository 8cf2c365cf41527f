import NIOCore
import NIOHTTP1

/// A session's handshake request, kept for the session's whole life in one allocation.
///
/// `HTTPHeaders` holds every name and value as its own `String`, so a browser's handshake (a dozen headers, a cookie,
/// a user agent) costs one to two KiB in many small allocations, per session, for as long as it lives. Here the
/// method, target and headers share one byte array, and `head` rebuilds the `EngineRequestHead` when someone asks,
/// which the layer above does once per namespace connection, not per message.
///
/// Each field is a LEB128 number `n`, then: for even `n`, `n / 2` bytes of text; for odd `n`, nothing, the text being
/// `CompactHeadTokens.texts[n / 2]`, one of the names and values nearly every handshake carries spelled exactly so
/// (`Sec-WebSocket-Key`, `Upgrade`, `websocket`, ...). A WebSocket handshake's head shrinks by a third to a half.
struct CompactRequestHead: Sendable {
    /// Whether the request came over TLS (1 or 0), the method, the target, then each header's name and value.
    private let bytes: [UInt8]
    private let remoteAddress: SocketAddress?

    /// Bytes held (tests check the tokens pay).
    var storedByteCount: Int { bytes.count }

    init(_ head: EngineRequestHead) {
        let method = head.method.rawValue
        var size = 1 + Self.encodedSize(method) + Self.encodedSize(head.uri)
        for (name, value) in head.headers { size += Self.encodedSize(name) + Self.encodedSize(value) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        bytes.append(head.isSecure ? 1 : 0)
        Self.append(method, to: &bytes)
        Self.append(head.uri, to: &bytes)
        for (name, value) in head.headers {
            Self.append(name, to: &bytes)
            Self.append(value, to: &bytes)
        }
        self.bytes = bytes
        self.remoteAddress = head.remoteAddress
    }

    /// The request as it arrived.
    var head: EngineRequestHead {
        let isSecure = bytes.first == 1
        var offset = 1
        let method = HTTPMethod(rawValue: field(&offset))
        let uri = field(&offset)
        var headers = HTTPHeaders()
        while offset < bytes.count {
            let name = field(&offset)
            headers.add(name: name, value: field(&offset))
        }
        return EngineRequestHead(
            method: method, uri: uri, headers: headers, remoteAddress: remoteAddress, isSecure: isSecure
        )
    }

    private static func encodedSize(_ text: String) -> Int {
        if CompactHeadTokens.index[text] != nil { return 1 }
        let count = text.utf8.count
        return varintSize(count << 1) + count
    }

    private static func varintSize(_ value: Int) -> Int {
        var size = 1
        var rest = value >> 7
        while rest > 0 {
            size += 1
            rest >>= 7
        }
        return size
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        if let token = CompactHeadTokens.index[text] {
            appendVarint(token << 1 | 1, to: &bytes)
            return
        }
        appendVarint(text.utf8.count << 1, to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    private static func appendVarint(_ value: Int, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private func field(_ offset: inout Int) -> String {
        var number = 0
        var shift = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            number |= Int(byte & 0x7F) << shift
            shift += 7
            if byte < 0x80 { break }
        }
        if number & 1 == 1 {
            let token = number >> 1
            return token < CompactHeadTokens.texts.count ? CompactHeadTokens.texts[token] : ""
        }
        let start = offset
        offset = min(start + number >> 1, bytes.count)
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }
}
