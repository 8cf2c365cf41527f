/// A minimal HTTP/1.1 request head (request line and header fields), enough to validate a WebSocket upgrade.
public struct WSRequestHead: Hashable, Sendable {
    /// The request method, e.g. `GET`.
    public var method: String
    /// The request target, e.g. `/socket.io/?EIO=4&transport=websocket`.
    public var target: String
    /// The HTTP version, e.g. `HTTP/1.1`.
    public var version: String
    /// The header fields in order.
    public var headers: [WSHeaderField]

    /// Bounds on what the head parser buffers.
    public struct Limits: Hashable, Sendable {
        /// Largest head including the blank line. Default 16,384 bytes: Node's default `maxHeaderSize`.
        public var maxHeadSize: Int = 16_384
        /// Most header fields. Default 100: a browser upgrade sends about 15.
        public var maxHeaderCount: Int = 100

        /// The defaults above.
        public init() {}
    }

    /// A head with every field given.
    public init(method: String, target: String, version: String = "HTTP/1.1", headers: [WSHeaderField]) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The head as it goes on the wire (a client's upgrade request), ending with the empty line.
    public var encoded: String {
        var text = "\(method) \(target) \(version)\r\n"
        for field in headers {
            text += "\(field.name): \(field.value)\r\n"
        }
        return text + "\r\n"
    }

    /// Parses a head (terminated by an empty line, CRLF line endings) at the front of `bytes`.
    ///
    /// Returns nil while the empty line has not arrived (more bytes needed), else the head and how many bytes it
    /// took. The size limit is checked on the bytes seen so far, so an endless head fails early.
    public static func parse(
        _ bytes: some Collection<UInt8>, limits: Limits = Limits()
    ) throws(WSHandshakeError) -> (head: WSRequestHead, length: Int)? {
        let data = Array(bytes.prefix(limits.maxHeadSize + 1))
        var end: Int?
        var index = 3
        while index < data.count {
            if data[index] == 10 && data[index - 1] == 13 && data[index - 2] == 10 && data[index - 3] == 13 {
                end = index + 1
                break
            }
            index += 1
        }
        guard let end, end <= limits.maxHeadSize else {
            if data.count > limits.maxHeadSize {
                throw WSHandshakeError.requestTooLarge.with(
                    detail: "request head exceeds maxHeadSize \(limits.maxHeadSize)", offset: limits.maxHeadSize
                )
            }
            return nil
        }
        return (try parseLines(data[0..<(end - 4)], limits: limits), end)
    }

    private static func parseLines(_ data: ArraySlice<UInt8>, limits: Limits) throws(WSHandshakeError) -> WSRequestHead {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = data.startIndex
        var index = data.startIndex
        while index < data.endIndex {
            if data[index] == 13 {
                guard index + 1 < data.endIndex, data[index + 1] == 10 else {
                    throw WSHandshakeError.malformedRequest.with(detail: "CR without LF", offset: index)
                }
                lines.append(data[lineStart..<index])
                index += 2
                lineStart = index
                continue
            }
            if data[index] == 10 || data[index] == 0 {
                throw WSHandshakeError.malformedRequest.with(detail: "bare LF or NUL in the head", offset: index)
            }
            index += 1
        }
        lines.append(data[lineStart..<data.endIndex])
        let requestLine = lines[0]
        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts[0].allSatisfy(isTokenByte),
            parts[2].elementsEqual("HTTP/1.1".utf8) || parts[2].elementsEqual("HTTP/1.0".utf8)
        else {
            throw WSHandshakeError.malformedRequest.with(detail: "bad request line", offset: requestLine.startIndex)
        }
        let fieldLines = lines.dropFirst()
        if fieldLines.count > limits.maxHeaderCount {
            throw WSHandshakeError.requestTooLarge.with(detail: "more than \(limits.maxHeaderCount) header fields")
        }
        var headers: [WSHeaderField] = []
        headers.reserveCapacity(fieldLines.count)
        for line in fieldLines {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                line[line.startIndex..<colon].allSatisfy(isTokenByte)
            else {
                throw WSHandshakeError.malformedRequest.with(detail: "bad header line", offset: line.startIndex)
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            let value = String(decoding: trimmingOWS(line[(colon + 1)...]), as: UTF8.self)
            headers.append(WSHeaderField(name: name, value: value))
        }
        return WSRequestHead(
            method: String(decoding: parts[0], as: UTF8.self), target: String(decoding: parts[1], as: UTF8.self),
            version: String(decoding: parts[2], as: UTF8.self), headers: headers
        )
    }
}
