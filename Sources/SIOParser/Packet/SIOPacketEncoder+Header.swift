extension SIOPacketEncoder {
    /// Calls `body` with the header `encode(_:namespace:ackID:serializedPayload:attachmentCount:into:)` writes for
    /// a packet without attachments (checked the same way), in temporary storage: a caller that writes the payload
    /// into its own buffer (an ack straight into its frame) copies the header from there with no array to allocate.
    package func withHeader<Result>(
        _ type: SIOPacketType, namespace: String, ackID: UInt64?, _ body: (UnsafeRawBufferPointer) -> Result
    ) throws(SIOPacketError) -> Result {
        try checkHeader(type, namespace: namespace.utf8, query: [UInt8]?.none, ackID: ackID)
        let utf8 = namespace.utf8
        let isMain = utf8.count == 1 && utf8.first == 0x2F
        // Type digit, "0-" for a binary type, the namespace and its comma, at most 20 digits.
        let capacity = 3 + (isMain ? 0 : utf8.count + 1) + 20
        return withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 1) { raw in
            var count = 0
            func append(_ byte: UInt8) {
                raw[count] = byte
                count += 1
            }
            append(0x30 + type.rawValue)
            if type.isBinary {
                append(0x30)
                append(0x2D)
            }
            if !isMain {
                for byte in utf8 { append(byte) }
                append(0x2C)
            }
            if var value = ackID {
                let start = count
                repeat {
                    append(0x30 + UInt8(value % 10))
                    value /= 10
                } while value > 0
                var low = start
                var high = count - 1
                while low < high {
                    raw.swapAt(low, high)
                    low += 1
                    high -= 1
                }
            }
            return body(UnsafeRawBufferPointer(rebasing: raw[..<count]))
        }
    }
}
