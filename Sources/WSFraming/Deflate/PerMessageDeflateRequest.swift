/// The four RFC 7692 parameters as they appear in one offer or response, validated but not yet negotiated.
struct PerMessageDeflateRequest: Hashable, Sendable {
    var serverNoContextTakeover = false
    var clientNoContextTakeover = false
    var serverMaxWindowBits: Int?
    var clientMaxWindowBits: Int?
    /// `client_max_window_bits` with no value: the client can honour a limit the server picks.
    var clientMaxWindowBitsWithoutValue = false

    /// Nil when `offer` is another extension, or has an unknown, repeated or malformed parameter (RFC 7692 §7.1).
    init?(_ offer: WSExtensionOffer) {
        guard offer.name == PerMessageDeflateParameters.extensionName else { return nil }
        var seen = Set<String>()
        for parameter in offer.parameters {
            guard seen.insert(parameter.name).inserted else { return nil }
            switch parameter.name {
            case "server_no_context_takeover":
                guard parameter.value == nil else { return nil }
                serverNoContextTakeover = true
            case "client_no_context_takeover":
                guard parameter.value == nil else { return nil }
                clientNoContextTakeover = true
            case "server_max_window_bits":
                guard let bits = parameter.value.flatMap(Self.windowBits) else { return nil }
                serverMaxWindowBits = bits
            case "client_max_window_bits":
                if let value = parameter.value {
                    guard let bits = Self.windowBits(value) else { return nil }
                    clientMaxWindowBits = bits
                } else {
                    clientMaxWindowBitsWithoutValue = true
                }
            default:
                return nil
            }
        }
    }

    /// RFC 7692 §7.1.2: a decimal integer 8...15 without leading zeros.
    static func windowBits(_ text: String) -> Int? {
        switch text {
        case "8": 8
        case "9": 9
        case "10": 10
        case "11": 11
        case "12": 12
        case "13": 13
        case "14": 14
        case "15": 15
        default: nil
        }
    }
}
