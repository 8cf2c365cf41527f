/// A fuzz input split into chunks at points the fuzzer chooses.
///
/// Layout: the first byte's low 3 bits give `n`, the number of cut points; the next `n` bytes are the lengths of the
/// first `n` chunks (clamped to what is left); everything after them is the payload. A seed whose first byte is 0 is
/// the payload whole, so vectors become seeds by prefixing one zero byte.
public struct FuzzInput {
    /// The bytes after the control prefix.
    public let payload: [UInt8]
    /// The payload cut into consecutive chunks; joined, they are `payload`.
    public let chunks: [ArraySlice<UInt8>]

    /// Splits `data` as described above.
    public init(_ data: UnsafeRawBufferPointer) {
        let bytes = Array(data)
        guard let first = bytes.first else {
            payload = []
            chunks = []
            return
        }
        let cuts = min(Int(first & 7), bytes.count - 1)
        let body = Array(bytes[(1 + cuts)...])
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for i in 0..<cuts {
            let length = min(Int(bytes[1 + i]), body.count - start)
            result.append(body[start..<(start + length)])
            start += length
        }
        result.append(body[start...])
        payload = body
        chunks = result
    }

    /// Wraps the libFuzzer entry point's arguments.
    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        self.init(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    }
}

/// Stops the process so libFuzzer records the input as a crash; used for round-trip mismatches.
public func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        fatalError("fuzz check failed: \(message())")
    }
}
