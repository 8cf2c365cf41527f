import NIOCore
import NIOHTTP1

/// A request for the fallback while its body arrives (loop-confined).
final class FallbackRequest {
    let number: Int
    let head: EngineRequestHead
    let version: HTTPVersion
    let keepAlive: Bool
    let limit: Int
    var body: ByteBuffer?
    private var receivedCount = 0
    private(set) var overLimit = false
    var ended = false

    init(number: Int, head: EngineRequestHead, version: HTTPVersion, keepAlive: Bool, limit: Int) {
        self.number = number
        self.head = head
        self.version = version
        self.keepAlive = keepAlive
        self.limit = limit
        if let length = head.headers.first(name: "content-length").flatMap({ Int($0) }), length > limit {
            overLimit = true
        }
    }

    /// Appends body bytes, or drops them all once past the limit.
    func received(_ bytes: ByteBuffer) {
        guard !overLimit else { return }
        receivedCount += bytes.readableBytes
        guard receivedCount <= limit else {
            overLimit = true
            body = nil
            return
        }
        if body == nil {
            body = bytes
        } else {
            var bytes = bytes
            body?.writeBuffer(&bytes)
        }
    }
}
