/// Header checks the endpoint needs.
enum HeaderValidation {
    /// Whether `value` holds only characters a header value may hold (the reference's `checkInvalidHeaderChar`
    /// table: HTAB, 0x20–0x7E and 0x80–0xFF), applied to the UTF-8 bytes. Node hands header values over as latin1,
    /// one character per byte, so checking bytes gives the reference's answer for every byte sequence; DEL (0x7F)
    /// and the other controls, CR and LF among them, are refused. The empty value is valid.
    static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { byte in byte == 0x09 || (0x20...0x7E).contains(byte) || byte >= 0x80 }
    }
}
