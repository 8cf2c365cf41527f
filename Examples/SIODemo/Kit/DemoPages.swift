public import NIOCore
import NIOHTTP1
public import Transports

/// Serves the chat page and its scripts on the engine's port: every request that is not for `/socket.io/`.
///
/// The files are read from the bundle once, at creation; `index.html` gets the demo app's id and key written in
/// place of `{{DEMO_APP}}` and `{{DEMO_KEY}}` (HTML-escaped), which is why the page is never cached.
public struct DemoPages: EngineHTTPFallback {
    /// One servable file.
    struct Asset: Sendable {
        let body: ByteBuffer
        let contentType: String
        let cacheable: Bool
    }

    /// Files by request path.
    let assets: [String: Asset]

    /// The pages, with the page showing `app` and its `key`; `file` reads a file of `Public/` (the bundle's by
    /// default).
    public init(
        app: String, key: String, file: (String) -> [UInt8]? = { DemoAssets.file($0) }
    ) {
        var assets: [String: Asset] = [:]
        if let page = file("index.html") {
            let text = String(decoding: page, as: UTF8.self)
                .replacingAll("{{DEMO_APP}}", with: Self.htmlEscaped(app))
                .replacingAll("{{DEMO_KEY}}", with: Self.htmlEscaped(key))
            assets["/"] = Asset(
                body: ByteBuffer(string: text), contentType: "text/html; charset=utf-8", cacheable: false)
        }
        for script in ["sio-lite.js", "md5.js", "chat.js"] {
            if let bytes = file(script) {
                assets["/" + script] = Asset(
                    body: ByteBuffer(bytes: bytes), contentType: "application/javascript; charset=utf-8",
                    cacheable: true)
            }
        }
        assets["/healthz"] = Asset(
            body: ByteBuffer(string: "ok"), contentType: "text/plain; charset=utf-8", cacheable: false)
        self.assets = assets
    }

    /// The pages for `settings`' demo app.
    public init(settings: DemoSettings) { self.init(app: settings.demoApp, key: settings.demoKey) }

    /// GET and HEAD of a known path get the file (the host drops the body of a HEAD answer and keeps its length);
    /// another method on a known path gets 405; any other path 404.
    public func handle(_ request: EngineRequestHead, body: ByteBuffer?) async -> EngineHTTPResponse {
        respond(to: request)
    }

    /// The answer to `request` (synchronous: everything is in memory).
    public func respond(to request: EngineRequestHead) -> EngineHTTPResponse {
        guard let asset = assets[String(request.path)] else {
            return EngineHTTPResponse(
                status: .notFound, headers: ["content-type": "text/plain; charset=utf-8"],
                body: ByteBuffer(string: "not found"))
        }
        switch request.method {
        case .GET, .HEAD:
            var headers: HTTPHeaders = [
                "content-type": asset.contentType,
                "x-content-type-options": "nosniff",
            ]
            headers.add(name: "cache-control", value: asset.cacheable ? "public, max-age=300" : "no-store")
            return EngineHTTPResponse(status: .ok, headers: headers, body: asset.body)
        default:
            return EngineHTTPResponse(
                status: .methodNotAllowed,
                headers: ["allow": "GET, HEAD", "content-type": "text/plain; charset=utf-8"],
                body: ByteBuffer(string: "method not allowed"))
        }
    }

    /// `text` safe inside HTML text and quoted attribute values.
    static func htmlEscaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement` (no Foundation in the path of a request).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
