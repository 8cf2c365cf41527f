/// What an Engine.IO packet carries: nothing, UTF-8 text, or binary data.
///
/// Text and raw binary are slices of the decoder's input (never copied); binary that arrived as base64 had to be
/// decoded into new bytes and is held as an array.
public enum EnginePacketData<Bytes: RandomAccessCollection & Sendable>: Sendable
where Bytes.Element == UInt8, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    /// UTF-8 text after the packet type (may be empty, e.g. a bare `2`).
    case text(Bytes)
    /// Binary data, a slice of the input (a WebSocket binary message, or a v3 binary payload record).
    case binary(Bytes)
    /// Binary data decoded from base64 (a `b` packet in a polling payload).
    case decodedBinary([UInt8])

    /// Whether this is binary data (either form).
    @inlinable
    public var isBinary: Bool {
        switch self {
        case .text: false
        case .binary, .decodedBinary: true
        }
    }

    /// Number of bytes of text or binary data.
    @inlinable
    public var count: Int {
        switch self {
        case .text(let bytes), .binary(let bytes): bytes.count
        case .decodedBinary(let bytes): bytes.count
        }
    }

    /// Calls `body` with the data bytes, whichever form holds them.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch self {
        case .text(let bytes), .binary(let bytes):
            if let result = try bytes.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
                return result
            }
            return try Array(bytes).withUnsafeBytes(body)
        case .decodedBinary(let bytes):
            return try bytes.withUnsafeBytes(body)
        }
    }

    /// Calls `body` with the data bytes (non-throwing, so it specialises cleanly on hot paths).
    @inlinable
    func withRaw<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        switch self {
        case .text(let bytes), .binary(let bytes): withRawBytes(bytes, body)
        case .decodedBinary(let bytes): bytes.withUnsafeBytes(body)
        }
    }

    /// A copy of the data bytes.
    public var bytes: [UInt8] {
        switch self {
        case .text(let bytes), .binary(let bytes): Array(bytes)
        case .decodedBinary(let bytes): bytes
        }
    }
}
