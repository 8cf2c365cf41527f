/// Parser and serializer for `Sec-WebSocket-Extensions` values (RFC 6455 §9.1, RFC 7230 lists and quoted-strings).
///
/// One left-to-right pass with no backtracking and no regular expressions, so the cost is linear in the header
/// length, and every count the input controls is bounded by `Limits` before anything is stored.
public enum WSExtensionHeader {
    /// Bounds on what a hostile header can make the parser store.
    public struct Limits: Hashable, Sendable {
        /// Longest header value accepted, in bytes. Default 4096: browsers send under 100 bytes, and 4 KiB is
        /// well inside what HTTP servers accept for one header line.
        public var maxHeaderLength: Int
        /// Most extension elements in one value. Default 32: a client offers a handful; more is an attack.
        public var maxExtensions: Int
        /// Most parameters on one element. Default 16: permessage-deflate defines four.
        public var maxParameters: Int

        /// Limits with the documented defaults, each overridable.
        public init(maxHeaderLength: Int = 4096, maxExtensions: Int = 32, maxParameters: Int = 16) {
            self.maxHeaderLength = maxHeaderLength
            self.maxExtensions = maxExtensions
            self.maxParameters = maxParameters
        }
    }

    /// Parses a header value into its elements, in order. Empty list elements (`a, , b`) are skipped per RFC 7230 §7.
    public static func parse(_ value: String, limits: Limits = Limits()) throws(WSExtensionError) -> [WSExtensionOffer] {
        try parse(bytes: value.utf8, limits: limits)
    }

    /// Parses header bytes (for example a `ByteBufferView` of a raw request head) into its elements, in order.
    public static func parse<Bytes: Collection<UInt8>>(
        bytes: Bytes,
        limits: Limits = Limits()
    ) throws(WSExtensionError) -> [WSExtensionOffer] {
        guard bytes.count <= limits.maxHeaderLength else {
            throw WSExtensionError.headerTooLong.at(limits.maxHeaderLength, "\(bytes.count) bytes")
        }
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(WSExtensionError) in try parseContiguous(buffer, limits: limits) }
        }
        if let result { return try result.get() }
        // Not contiguous (e.g. a bridged string): one bounded copy, at most `maxHeaderLength` bytes.
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer throws(WSExtensionError) in
            try parseContiguous(buffer, limits: limits)
        }
    }

    /// Joins elements into one header value, e.g. for a handshake response.
    public static func serialize(_ offers: [WSExtensionOffer]) -> String {
        offers.map(\.headerValue).joined(separator: ", ")
    }

    private static func parseContiguous(
        _ input: UnsafeBufferPointer<UInt8>,
        limits: Limits
    ) throws(WSExtensionError) -> [WSExtensionOffer] {
        var scanner = Scanner(input: input)
        var offers: [WSExtensionOffer] = []
        while true {
            // Skip whitespace and empty list elements between extensions.
            while let byte = scanner.peek(), byte == UInt8(ascii: ",") || isWhitespace(byte) { scanner.index += 1 }
            guard let byte = scanner.peek() else { return offers }
            guard isTokenByte(byte) else {
                if byte == UInt8(ascii: ";") {
                    throw WSExtensionError.emptyExtension.at(scanner.index, "parameters without an extension name")
                }
                throw unexpected(byte, at: scanner.index, expecting: "an extension name")
            }
            guard offers.count < limits.maxExtensions else {
                throw WSExtensionError.tooManyExtensions.at(scanner.index, "more than \(limits.maxExtensions)")
            }
            var offer = WSExtensionOffer(name: scanner.token(), parameters: [])
            try parseParameters(&scanner, into: &offer, limits: limits)
            offers.append(offer)
        }
    }

    /// Reads `*( OWS ";" OWS param )` up to the end of the element (a `,` or the end of input).
    private static func parseParameters(
        _ scanner: inout Scanner,
        into offer: inout WSExtensionOffer,
        limits: Limits
    ) throws(WSExtensionError) {
        while true {
            scanner.skipWhitespace()
            guard let byte = scanner.peek() else { return }
            if byte == UInt8(ascii: ",") { return }
            guard byte == UInt8(ascii: ";") else {
                throw unexpected(byte, at: scanner.index, expecting: "';' or ','")
            }
            scanner.index += 1
            scanner.skipWhitespace()
            guard let first = scanner.peek(), isTokenByte(first) else {
                throw unexpected(scanner.peek(), at: scanner.index, expecting: "a parameter name")
            }
            guard offer.parameters.count < limits.maxParameters else {
                throw WSExtensionError.tooManyParameters.at(scanner.index, "more than \(limits.maxParameters)")
            }
            let name = scanner.token()
            scanner.skipWhitespace()
            var value: String?
            if scanner.peek() == UInt8(ascii: "=") {
                scanner.index += 1
                scanner.skipWhitespace()
                value = try parseValue(&scanner)
            }
            offer.parameters.append(WSExtensionOffer.Parameter(name, value))
        }
    }

    /// Reads `token / quoted-string`; a quoted value must unescape to a token.
    private static func parseValue(_ scanner: inout Scanner) throws(WSExtensionError) -> String {
        guard let first = scanner.peek() else {
            throw unexpected(nil, at: scanner.index, expecting: "a parameter value")
        }
        if isTokenByte(first) { return scanner.token() }
        guard first == UInt8(ascii: "\"") else {
            throw unexpected(first, at: scanner.index, expecting: "a parameter value")
        }
        let open = scanner.index
        scanner.index += 1
        var unescaped: [UInt8] = []
        while true {
            guard let byte = scanner.peek() else {
                throw WSExtensionError.unterminatedQuotedString.at(open, "no closing quote")
            }
            scanner.index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard !unescaped.isEmpty, unescaped.allSatisfy(isTokenByte) else {
                    throw WSExtensionError.invalidQuotedValue.at(open, "a quoted value must be a token")
                }
                return String(decoding: unescaped, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = scanner.peek(), escaped == 0x09 || escaped >= 0x20 && escaped != 0x7F else {
                    throw WSExtensionError.unterminatedQuotedString.at(scanner.index, "bad escape")
                }
                scanner.index += 1
                unescaped.append(escaped)
            default:
                guard byte == 0x09 || byte >= 0x20 && byte != 0x7F else {
                    throw unexpected(byte, at: scanner.index - 1, expecting: "quoted text")
                }
                unescaped.append(byte)
            }
        }
    }

    private static func unexpected(_ byte: UInt8?, at offset: Int, expecting: String) -> WSExtensionError {
        guard let byte else { return WSExtensionError.unexpectedCharacter.at(offset, "end of value; expected \(expecting)") }
        return WSExtensionError.unexpectedCharacter.at(offset, "byte 0x\(String(byte, radix: 16)); expected \(expecting)")
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// RFC 7230 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// A cursor over the header bytes.
    private struct Scanner {
        let input: UnsafeBufferPointer<UInt8>
        var index = 0

        func peek() -> UInt8? { index < input.count ? input[index] : nil }

        mutating func skipWhitespace() {
            while index < input.count, WSExtensionHeader.isWhitespace(input[index]) { index += 1 }
        }

        /// Reads a run of token bytes; the caller has checked the first one.
        mutating func token() -> String {
            let start = index
            while index < input.count, WSExtensionHeader.isTokenByte(input[index]) { index += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
        }
    }
}
