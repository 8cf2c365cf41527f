/// A validated WebSocket opening handshake request (RFC 6455 §4.2.1) and the response that accepts it.
public struct WSHandshake: Hashable, Sendable {
    /// The request target (path and query).
    public var target: String
    /// The client's `Sec-WebSocket-Key`, as sent.
    public var key: String
    /// Subprotocols the client offered, in its order of preference.
    public var offeredSubprotocols: [String]
    /// The raw `Sec-WebSocket-Extensions` values, for the extension negotiator.
    public var extensionOffers: [String]
    /// Every request header, for the application (cookies, origin, auth).
    public var headers: [WSHeaderField]

    /// Validates an upgrade request given its method, target and header fields.
    public init(method: String, target: String, headers: [WSHeaderField]) throws(WSHandshakeError) {
        guard method == "GET" else {
            throw WSHandshakeError.methodNotAllowed.with(detail: "method \(method) cannot upgrade")
        }
        let upgrade = commaSeparatedElements(Self.values("Upgrade", in: headers))
        guard upgrade.contains(where: { asciiEqualsIgnoringCase($0, "websocket") }) else {
            throw WSHandshakeError.notAnUpgrade.with(detail: "no `Upgrade: websocket`")
        }
        let connection = commaSeparatedElements(Self.values("Connection", in: headers))
        guard connection.contains(where: { asciiEqualsIgnoringCase($0, "upgrade") }) else {
            throw WSHandshakeError.notAnUpgrade.with(detail: "`Connection` lacks the `upgrade` token")
        }
        let versions = Self.values("Sec-WebSocket-Version", in: headers)
        guard versions.count == 1, versions[0] == "13" else {
            throw WSHandshakeError.unsupportedVersion.with(
                detail: "Sec-WebSocket-Version \(versions.joined(separator: ", ")) is not 13"
            )
        }
        let keys = Self.values("Sec-WebSocket-Key", in: headers)
        guard keys.count == 1 else {
            throw WSHandshakeError.invalidKey.with(detail: "\(keys.count) Sec-WebSocket-Key fields")
        }
        guard keys[0].utf8.count == 24, let decoded = Base64.decode(keys[0]), decoded.count == 16 else {
            throw WSHandshakeError.invalidKey.with(detail: "Sec-WebSocket-Key is not 16 bytes in base64")
        }
        var offered: [String] = []
        for element in commaSeparatedElements(Self.values("Sec-WebSocket-Protocol", in: headers)) {
            guard element.utf8.allSatisfy(isTokenByte) else {
                throw WSHandshakeError.malformedRequest.with(detail: "subprotocol \(element) is not a token")
            }
            let name = String(element)
            guard !offered.contains(name) else {
                throw WSHandshakeError.malformedRequest.with(detail: "subprotocol \(name) offered twice")
            }
            offered.append(name)
        }
        self.target = target
        self.key = keys[0]
        self.offeredSubprotocols = offered
        self.extensionOffers = Self.values("Sec-WebSocket-Extensions", in: headers)
        self.headers = headers
    }

    /// Validates a parsed request head.
    public init(head: WSRequestHead) throws(WSHandshakeError) {
        try self.init(method: head.method, target: head.target, headers: head.headers)
    }

    /// `Sec-WebSocket-Accept` for this request's key.
    public var acceptValue: String { Self.acceptValue(forKey: key) }

    /// `Sec-WebSocket-Accept` for `key`: base64(SHA-1(key + the RFC 6455 GUID)).
    public static func acceptValue(forKey key: String) -> String {
        var sha = SHA1()
        sha.update(key.utf8)
        sha.update("258EAFA5-E914-47DA-95CA-C5AB0DC85B11".utf8)
        return Base64.encode(sha.finalize())
    }

    /// Picks the subprotocol to accept: the first of `supported` (the server's order of preference) that the
    /// client offered, or nil to accept none. Server preference lets a server roll out a newer protocol first.
    public func negotiateSubprotocol(supported: [String]) -> String? {
        supported.first { offeredSubprotocols.contains($0) }
    }

    /// The header fields of the `101 Switching Protocols` response.
    ///
    /// `subprotocol` should come from `negotiateSubprotocol`; `extensions` is the negotiated
    /// `Sec-WebSocket-Extensions` response value, if any.
    public func responseHeaders(subprotocol: String? = nil, extensions: String? = nil) -> [WSHeaderField] {
        var fields = [
            WSHeaderField(name: "Upgrade", value: "websocket"),
            WSHeaderField(name: "Connection", value: "Upgrade"),
            WSHeaderField(name: "Sec-WebSocket-Accept", value: acceptValue),
        ]
        if let subprotocol { fields.append(WSHeaderField(name: "Sec-WebSocket-Protocol", value: subprotocol)) }
        if let extensions { fields.append(WSHeaderField(name: "Sec-WebSocket-Extensions", value: extensions)) }
        return fields
    }

    /// The whole `101` response head as text, ready to write.
    public func responseHead(subprotocol: String? = nil, extensions: String? = nil) -> String {
        var text = "HTTP/1.1 101 Switching Protocols\r\n"
        for field in responseHeaders(subprotocol: subprotocol, extensions: extensions) {
            text += "\(field.name): \(field.value)\r\n"
        }
        return text + "\r\n"
    }

    /// Every value of the fields called `name`, in order.
    static func values(_ name: String, in headers: [WSHeaderField]) -> [String] {
        headers.filter { $0.hasName(name) }.map(\.value)
    }
}

extension WSHandshakeError {
    /// A complete refusal response (status line, the required headers, an empty body, `Connection: close`).
    public var responseHead: String {
        var text = "HTTP/1.1 \(status) \(reasonPhrase)\r\n"
        for field in responseHeaders {
            text += "\(field.name): \(field.value)\r\n"
        }
        return text + "Connection: close\r\nContent-Length: 0\r\n\r\n"
    }

    private var reasonPhrase: String {
        switch status {
        case 405: "Method Not Allowed"
        case 426: "Upgrade Required"
        case 431: "Request Header Fields Too Large"
        default: "Bad Request"
        }
    }
}
