import NIOCore
import NIOHTTP1

/// A session's handshake request, kept for the session's whole life in one allocation.
///
/// `HTTPHeaders` holds every name and value as its own `String`, so a browser's handshake (a dozen headers, a cookie,
/// a user agent) costs one to two KiB in many small allocations, per session, for as long as it lives. Here the
/// method, target and headers share one byte array (each field a LEB128 length, one byte below 128, and its
/// bytes), and `head` rebuilds the `EngineRequestHead` when someone asks, which the layer above does once per
/// namespace connection, not per message.
struct CompactRequestHead: Sendable {
    /// The method, the target, then each header's name and value.
    private let bytes: [UInt8]
    private let remoteAddress: SocketAddress?
    private let isSecure: Bool

    init(_ head: EngineRequestHead) {
        let method = head.method.rawValue
        var size = Self.encodedSize(method) + Self.encodedSize(head.uri)
        for (name, value) in head.headers { size += Self.encodedSize(name) + Self.encodedSize(value) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        Self.append(method, to: &bytes)
        Self.append(head.uri, to: &bytes)
        for (name, value) in head.headers {
            Self.append(name, to: &bytes)
            Self.append(value, to: &bytes)
        }
        self.bytes = bytes
        self.remoteAddress = head.remoteAddress
        self.isSecure = head.isSecure
    }

    /// The request as it arrived.
    var head: EngineRequestHead {
        var offset = 0
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
        let count = text.utf8.count
        var size = 1
        var rest = count >> 7
        while rest > 0 {
            size += 1
            rest >>= 7
        }
        return size + count
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        var count = text.utf8.count
        while count >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: count) | 0x80)
            count >>= 7
        }
        bytes.append(UInt8(count))
        bytes.append(contentsOf: text.utf8)
    }

    private func field(_ offset: inout Int) -> String {
        var count = 0
        var shift = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            count |= Int(byte & 0x7F) << shift
            shift += 7
            if byte < 0x80 { break }
        }
        let start = offset
        offset = min(start + count, bytes.count)
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }
}
