/// Header checks the endpoint needs. (Owner: HTTP helpers. Stub: replace the body.)
enum HeaderValidation {
    /// Whether `value` holds only characters a header value may hold (the reference's `checkInvalidHeaderChar`
    /// rule: HTAB, 0x20–0x7E and 0x80–0xFF per UTF-16 code unit… applied to the UTF-8 bytes here).
    static func isValidValue(_ value: String) -> Bool { true }
}
