import NIOCore
import NIOHTTP1

/// gzip or deflate of polling responses. (Owner: HTTP helpers. Stub: replace the bodies.)
struct HTTPContentCoding: Hashable, Sendable {
    /// The token in Accept-Encoding and Content-Encoding.
    let token: String
    /// gzip (RFC 1952).
    static let gzip = HTTPContentCoding(token: "gzip")
    /// deflate (zlib stream, RFC 1950, as Node's `createDeflate` writes it).
    static let deflate = HTTPContentCoding(token: "deflate")

    /// The coding to use for a request's Accept-Encoding, preferring gzip, honouring q-values (q=0 refuses), the way
    /// the reference's `accepts(req).encodings(["gzip", "deflate"])` decides; nil for none.
    static func negotiate(_ headers: HTTPHeaders) -> HTTPContentCoding? { nil }

    /// Compresses `bytes` in one shot at `level`.
    func compress(_ bytes: ByteBuffer, level: Int32, allocator: ByteBufferAllocator) throws -> ByteBuffer { bytes }
}
