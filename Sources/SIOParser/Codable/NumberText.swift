/// Reading numbers from their JSON text, for the cases `JSONView`'s accessors leave out.
enum NumberText {
    /// The value of a plain non-negative integer's digits, if it fits in `UInt64`.
    static func unsignedValue<Bytes: Collection<UInt8>>(of text: Bytes) -> UInt64? {
        guard !text.isEmpty else { return nil }
        var result: UInt64 = 0
        for byte in text {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times10, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            result = sum
        }
        return result
    }
}
