/// Server-side permessage-deflate negotiation: picks the first acceptable client offer (RFC 7692 §5, §7.1).
///
/// Negotiation is separate from the per-connection codec: one negotiator serves every handshake, and the accepted
/// parameters then make one `PerMessageDeflate` per connection.
public struct PerMessageDeflateNegotiator: Hashable, Sendable {
    /// The server's settings, already pulled into their valid ranges.
    public let options: PerMessageDeflateOptions

    /// A negotiator with the given server settings.
    public init(options: PerMessageDeflateOptions = PerMessageDeflateOptions()) {
        self.options = options.clamped
    }

    /// Accepts the first permessage-deflate offer the server can honour; nil (no extension) when none can be.
    /// Offers of other extensions, and invalid permessage-deflate offers, are skipped in order.
    public func negotiate(_ offers: [WSExtensionOffer]) -> PerMessageDeflateParameters? {
        for offer in offers {
            if let request = PerMessageDeflateRequest(offer), let accepted = accept(request) {
                return accepted
            }
        }
        return nil
    }

    /// Parses a `Sec-WebSocket-Extensions` value and negotiates; throws when the header itself is malformed.
    public func negotiate(
        header: String,
        limits: WSExtensionHeader.Limits = WSExtensionHeader.Limits()
    ) throws(WSExtensionError) -> PerMessageDeflateParameters? {
        negotiate(try WSExtensionHeader.parse(header, limits: limits))
    }

    /// Answers one valid offer, or nil when the server cannot meet it.
    func accept(_ request: PerMessageDeflateRequest) -> PerMessageDeflateParameters? {
        var accepted = PerMessageDeflateParameters()
        accepted.serverNoContextTakeover = request.serverNoContextTakeover || options.serverNoContextTakeover
        accepted.clientNoContextTakeover = request.clientNoContextTakeover || options.clientNoContextTakeover
        if let offered = request.serverMaxWindowBits {
            // The server may not exceed the client's limit, and zlib's raw deflate cannot go below 9: decline 8.
            guard offered >= 9 else { return nil }
            accepted.serverMaxWindowBits = min(offered, options.serverMaxWindowBits)
        } else if options.serverMaxWindowBits < 15 {
            accepted.serverMaxWindowBits = options.serverMaxWindowBits
        }
        // client_max_window_bits may only appear in the response when the offer carried it.
        if request.clientMaxWindowBits != nil || request.clientMaxWindowBitsWithoutValue {
            if let wanted = options.clientMaxWindowBits {
                accepted.clientMaxWindowBits = min(wanted, request.clientMaxWindowBits ?? 15)
            } else {
                accepted.clientMaxWindowBits = request.clientMaxWindowBits
            }
        }
        return accepted
    }

    /// A codec for one server-side connection that agreed on `parameters`.
    public func makeServerCodec(_ parameters: PerMessageDeflateParameters) throws(WSError) -> PerMessageDeflate {
        try PerMessageDeflate(parameters: parameters, role: .server, options: options)
    }
}
