/// Which origins may use the endpoint, and the CORS headers sent to them.
///
/// One configuration serves two purposes. Browsers read the CORS headers; the server itself checks the `Origin` of
/// every request (handshake, polling requests that carry a sid, and WebSocket upgrades), because browsers do not
/// apply CORS to WebSockets and a cookie-authenticated session could otherwise be hijacked cross-site.
public struct EngineCORS: Sendable {
    /// Which `Origin` values are accepted.
    public enum Origins: Sendable {
        /// No `Origin` header (non-browser clients) and same-origin requests (the Origin's host and port equal the
        /// Host header). This is the default; no CORS headers are sent.
        case sameOrigin
        /// Every origin; `Access-Control-Allow-Origin` echoes the request's origin (or `*` when `credentials` is off
        /// and there is no Origin).
        case any
        /// Same-origin requests, requests without Origin, and these exact origins (`https://app.example.com`).
        case list([String])
        /// Same-origin requests, requests without Origin, and origins for which the predicate returns true.
        case predicate(@Sendable (String) -> Bool)
    }

    /// Accepted origins; default `.sameOrigin`.
    public var origins: Origins = .sameOrigin
    /// Whether `Access-Control-Allow-Credentials: true` is sent (needed for cookies); default false.
    public var credentials: Bool = false
    /// Methods announced in preflight responses; default GET, POST (all the endpoint serves).
    public var methods: [String] = ["GET", "POST"]
    /// Headers announced in preflight responses; nil (default) echoes `Access-Control-Request-Headers`.
    public var allowedHeaders: [String]? = nil
    /// `Access-Control-Expose-Headers`, if any.
    public var exposedHeaders: [String] = []
    /// `Access-Control-Max-Age` in seconds, if any.
    public var maxAge: Int? = nil

    /// Same-origin only, no CORS headers.
    public init() {}

    /// A configuration accepting `origins`.
    public init(origins: Origins, credentials: Bool = false) {
        self.origins = origins
        self.credentials = credentials
    }
}
