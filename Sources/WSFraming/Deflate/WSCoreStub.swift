// TEMPORARY: the shape wscore promised for WSError and WSMessageCodec, so this branch builds until wscore's
// branch is merged; deleted by the merge.
public import NIOCore

/// Stand-in for wscore's error.
public struct WSError: Error, Hashable, Sendable {
    private enum Code: Hashable, Sendable { case protocolError, invalidPayloadData, messageTooBig, internalError }
    private let code: Code
    /// Detail.
    public var detail: String = ""
    private init(_ code: Code) { self.code = code }
    /// 1002.
    public static let protocolError = WSError(.protocolError)
    /// 1007.
    public static let invalidPayloadData = WSError(.invalidPayloadData)
    /// 1009.
    public static let messageTooBig = WSError(.messageTooBig)
    /// 1011.
    public static let internalError = WSError(.internalError)
    /// With detail.
    public func with(detail: String) -> WSError { var copy = self; copy.detail = detail; return copy }
    /// Equal by code.
    public static func == (l: WSError, r: WSError) -> Bool { l.code == r.code }
    /// Hash by code.
    public func hash(into h: inout Hasher) { h.combine(code) }
    /// Close code.
    public var closeCode: UInt16 {
        switch code {
        case .protocolError: 1002
        case .invalidPayloadData: 1007
        case .messageTooBig: 1009
        case .internalError: 1011
        }
    }
}

/// Stand-in for wscore's hook.
public protocol WSMessageCodec: AnyObject {
    /// Inflates one fragment of an RSV1 message, appending to `output`; throws before `output` would exceed `limit`.
    func decompress(_ fragment: ByteBuffer, isFinal: Bool, into output: inout ByteBuffer, limit: Int) throws(WSError)
    /// Compresses a whole outgoing message, or returns nil to send it uncompressed (below the threshold).
    func compress(_ message: ByteBuffer, allocator: ByteBufferAllocator) throws(WSError) -> ByteBuffer?
}
