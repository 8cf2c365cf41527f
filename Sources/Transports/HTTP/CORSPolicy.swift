import NIOHTTP1

/// Applies an `EngineCORS` configuration to requests: the origin check and the CORS response headers.
///
/// The headers follow the npm `cors` package the reference mounts (origin reflected with `Vary: Origin`, credentials,
/// exposed headers; on preflight also methods, allowed headers echoed from `Access-Control-Request-Headers` when none
/// are configured, and max-age). Unlike the reference, a refused origin is refused outright (403 / code 4) rather
/// than served without CORS headers, because the same check guards WebSocket upgrades, which browsers never subject
/// to CORS.
struct CORSPolicy: Sendable {
    /// The outcome of checking a request's Origin.
    enum Decision: Sendable {
        /// Serve the request; add these headers to its response.
        case allowed(HTTPHeaders)
        /// Refuse with 403 / code 4 (the Origin is not accepted).
        case denied(origin: String)
    }

    /// How an accepted request is answered, before any headers are written.
    enum Grant: Equatable, Sendable {
        /// Accepted without CORS headers: no Origin, or same-origin, under a configuration that does not add them.
        case plain
        /// Accepted cross-origin: `Access-Control-Allow-Origin` carries this value (nil: none, but the other CORS
        /// headers still apply — `.any` with credentials and no Origin).
        case crossOrigin(allowOrigin: String?)
    }

    let configuration: EngineCORS

    init(_ configuration: EngineCORS) { self.configuration = configuration }

    /// Checks the Origin of any engine request (handshake, polling, upgrade).
    func check(_ head: EngineRequestHead) -> Decision {
        switch grant(head) {
        case .failure(let denied):
            return .denied(origin: denied.origin)
        case .success(.plain):
            return .allowed([:])
        case .success(.crossOrigin(let allowOrigin)):
            var headers = HTTPHeaders()
            appendOriginHeaders(allowOrigin, vary: [], to: &headers)
            appendExposedHeaders(to: &headers)
            return .allowed(headers)
        }
    }

    /// The response to an OPTIONS preflight at the engine path: 204 and the preflight headers when the origin is
    /// accepted, 403 otherwise.
    func preflight(_ head: EngineRequestHead) -> (status: HTTPResponseStatus, headers: HTTPHeaders) {
        switch grant(head) {
        case .failure:
            return (.forbidden, [:])
        case .success(.plain):
            return (.noContent, [:])
        case .success(.crossOrigin(let allowOrigin)):
            var headers = HTTPHeaders()
            var allowHeaders: String?
            var vary: [String] = []
            if let configured = configuration.allowedHeaders {
                allowHeaders = configured.joined(separator: ",")
            } else {
                // Echoed headers make the response depend on the request's list too.
                vary.append("Access-Control-Request-Headers")
                let requested = head.headers["access-control-request-headers"].joined(separator: ", ")
                if HeaderValidation.isValidValue(requested) { allowHeaders = requested }
            }
            appendOriginHeaders(allowOrigin, vary: vary, to: &headers)
            if !configuration.methods.isEmpty {
                headers.add(name: "Access-Control-Allow-Methods", value: configuration.methods.joined(separator: ","))
            }
            if let allowHeaders, !allowHeaders.isEmpty {
                headers.add(name: "Access-Control-Allow-Headers", value: allowHeaders)
            }
            if let maxAge = configuration.maxAge {
                headers.add(name: "Access-Control-Max-Age", value: String(maxAge))
            }
            appendExposedHeaders(to: &headers)
            return (.noContent, headers)
        }
    }

    /// The refusal carried by `grant`.
    struct Denied: Error, Equatable {
        let origin: String
    }

    /// Decides whether `head` may be served and whether it is a cross-origin request that gets CORS headers.
    func grant(_ head: EngineRequestHead) -> Result<Grant, Denied> {
        guard let origin = head.headers.first(name: "origin") else {
            switch configuration.origins {
            case .any: return .success(.crossOrigin(allowOrigin: configuration.credentials ? nil : "*"))
            case .sameOrigin, .list, .predicate: return .success(.plain)
            }
        }
        // An origin that cannot be written back into a header is never reflected (the reference answers it with
        // 400 before CORS runs; the endpoint checks `HeaderValidation` first for that).
        guard HeaderValidation.isValidValue(origin) else { return .failure(Denied(origin: origin)) }
        let listed: Bool
        switch configuration.origins {
        case .any: return .success(.crossOrigin(allowOrigin: origin))
        case .sameOrigin: listed = false
        case .list(let origins): listed = origins.contains(origin)
        case .predicate(let accepts): listed = accepts(origin)
        }
        if listed { return .success(.crossOrigin(allowOrigin: origin)) }
        if Self.isSameOrigin(origin, host: head.headers.first(name: "host")) { return .success(.plain) }
        return .failure(Denied(origin: origin))
    }

    private func appendOriginHeaders(_ allowOrigin: String?, vary: [String], to headers: inout HTTPHeaders) {
        if let allowOrigin { headers.add(name: "Access-Control-Allow-Origin", value: allowOrigin) }
        // The answer depends on the Origin whenever the origin is reflected or the configuration is `.any`.
        let varyValue = (["Origin"] + vary).joined(separator: ", ")
        headers.add(name: "Vary", value: varyValue)
        if configuration.credentials { headers.add(name: "Access-Control-Allow-Credentials", value: "true") }
    }

    private func appendExposedHeaders(to headers: inout HTTPHeaders) {
        guard !configuration.exposedHeaders.isEmpty else { return }
        headers.add(name: "Access-Control-Expose-Headers", value: configuration.exposedHeaders.joined(separator: ","))
    }
}
