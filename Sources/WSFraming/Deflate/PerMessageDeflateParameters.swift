/// The agreed permessage-deflate parameters of one connection (RFC 7692 §7.1): what the server's response says.
public struct PerMessageDeflateParameters: Hashable, Sendable {
    /// The extension token.
    public static let extensionName = "permessage-deflate"

    /// The server resets its compressor after every message.
    public var serverNoContextTakeover: Bool
    /// The client resets its compressor after every message.
    public var clientNoContextTakeover: Bool
    /// The server's LZ77 window limit (8...15), nil when the response does not state one (15).
    public var serverMaxWindowBits: Int?
    /// The client's LZ77 window limit (8...15), nil when the response does not state one (15).
    public var clientMaxWindowBits: Int?

    /// Parameters as stated; nil window bits mean "not stated".
    public init(
        serverNoContextTakeover: Bool = false,
        clientNoContextTakeover: Bool = false,
        serverMaxWindowBits: Int? = nil,
        clientMaxWindowBits: Int? = nil
    ) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// Reads a server response element (as a client would); nil when it is not a valid permessage-deflate response:
    /// another extension, an unknown or repeated parameter, a missing or out-of-range value.
    public init?(response: WSExtensionOffer) {
        guard let request = PerMessageDeflateRequest(response), !request.clientMaxWindowBitsWithoutValue else {
            return nil
        }
        self.init(
            serverNoContextTakeover: request.serverNoContextTakeover,
            clientNoContextTakeover: request.clientNoContextTakeover,
            serverMaxWindowBits: request.serverMaxWindowBits,
            clientMaxWindowBits: request.clientMaxWindowBits
        )
    }

    /// The response element that announces these parameters.
    public var response: WSExtensionOffer {
        var parameters: [WSExtensionOffer.Parameter] = []
        if serverNoContextTakeover { parameters.append(.init("server_no_context_takeover")) }
        if clientNoContextTakeover { parameters.append(.init("client_no_context_takeover")) }
        if let serverMaxWindowBits { parameters.append(.init("server_max_window_bits", String(serverMaxWindowBits))) }
        if let clientMaxWindowBits { parameters.append(.init("client_max_window_bits", String(clientMaxWindowBits))) }
        return WSExtensionOffer(name: Self.extensionName, parameters: parameters)
    }

    /// The `Sec-WebSocket-Extensions` response header value.
    public var headerValue: String { response.headerValue }
}
