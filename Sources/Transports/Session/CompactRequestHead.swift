import NIOCore
import NIOHTTP1

/// A session's handshake request, kept for the session's whole life in one allocation.
///
/// `HTTPHeaders` holds every name and value as its own `String`, so a browser's handshake (a dozen headers, a cookie,
/// a user agent) costs one to two KiB in many small allocations, per session, for as long as it lives. Here the
/// target and the headers share one byte array (each field a 4-byte length and its bytes), and `head` rebuilds the
/// `EngineRequestHead` when someone asks, which the layer above does once per namespace connection, not per message.
struct CompactRequestHead: Sendable {
    private let bytes: [UInt8]
    private let method: HTTPMethod
    private let remoteAddress: SocketAddress?
    private let isSecure: Bool

    init(_ head: EngineRequestHead) {
        var size = 4 + head.uri.utf8.count
        for (name, value) in head.headers { size += 8 + name.utf8.count + value.utf8.count }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        Self.append(head.uri, to: &bytes)
        for (name, value) in head.headers {
            Self.append(name, to: &bytes)
            Self.append(value, to: &bytes)
        }
        self.bytes = bytes
        self.method = head.method
        self.remoteAddress = head.remoteAddress
        self.isSecure = head.isSecure
    }

    /// The request as it arrived.
    var head: EngineRequestHead {
        var offset = 0
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

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        let count = UInt32(truncatingIfNeeded: text.utf8.count)
        withUnsafeBytes(of: count.littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: text.utf8)
    }

    private func field(_ offset: inout Int) -> String {
        var count = 0
        for i in 0..<4 { count |= Int(bytes[offset + i]) << (8 * i) }
        let start = offset + 4
        offset = start + count
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }
}
