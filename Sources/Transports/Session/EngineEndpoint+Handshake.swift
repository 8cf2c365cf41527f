import EngineParser
import NIOHTTP1
import WSFraming

extension EngineEndpoint {
    /// A refusal from `verify`, with the CORS headers its response carries when the origin was accepted.
    struct VerifyRefusal: Error {
        let error: EngineRequestError
        let cors: HTTPHeaders
    }

    /// The checks every engine request passes (the reference's `verify`, up to the sid lookup, plus the origin
    /// check on every request): the transport is known and enabled (code 0), the Origin holds only valid header
    /// characters (code 3) and is accepted (code 4).
    func verify(
        _ head: EngineRequestHead, query: [String: String]
    ) -> Result<(EngineTransportKind, HTTPHeaders), VerifyRefusal> {
        let origins = head.headers["origin"]
        let originValid = origins.allSatisfy(HeaderValidation.isValidValue)
        var corsHeaders: HTTPHeaders = [:]
        var denied = false
        if originValid {
            switch cors.check(head) {
            case .allowed(let headers): corsHeaders = headers
            case .denied: denied = true
            }
        }
        guard let name = query["transport"],
            let kind = options.transports.first(where: { $0.name == name }),
            kind == .polling || kind == .websocket
        else {
            return .failure(VerifyRefusal(error: .unknownTransport(query["transport"]), cors: corsHeaders))
        }
        guard originValid else {
            return .failure(VerifyRefusal(error: .badRequest("INVALID_ORIGIN"), cors: [:]))
        }
        guard !denied else {
            return .failure(
                VerifyRefusal(
                    error: .forbidden(name: "ORIGIN_NOT_ALLOWED"), cors: [:]))
        }
        return .success((kind, corsHeaders))
    }

    /// Runs `allowRequest` (refusal: code 4 with its message) and `generateId` (failure: code 3
    /// ID_GENERATION_ERROR), both of which may be async.
    func runHandshakeHooks(
        _ head: EngineRequestHead, _ completion: @escaping @Sendable (Result<String, EngineRequestError>) -> Void
    ) {
        let allowRequest = options.allowRequest
        guard allowRequest != nil || options.customGenerateId != nil else {
            // Nothing async to wait for: no task, and the id is allocated on this loop's thread with its session.
            completion(.success(EngineSessionID.random()))
            return
        }
        let generateId = options.generateId
        Task {
            if let allowRequest {
                do {
                    try await allowRequest(head)
                } catch let rejection as EngineRequestRejection {
                    completion(.failure(.forbidden(rejection.message)))
                    return
                } catch {
                    completion(.failure(.forbidden()))
                    return
                }
            }
            do {
                completion(.success(try await generateId(head)))
            } catch {
                completion(.failure(.badRequest("ID_GENERATION_ERROR", detail: "\(error)")))
            }
        }
    }

    /// The error for a registry refusal.
    func error(for refusal: EngineSessionRegistry.Refusal) -> EngineRequestError {
        switch refusal {
        case .full: .serverFull
        case .shuttingDown: .shuttingDown
        case .duplicateID: .badRequest("ID_GENERATION_ERROR", detail: "duplicate session id")
        }
    }

    /// Opens a polling session whose handshake GET is `request` (on the request's loop).
    func openPollingSession(
        id: String, version: EngineProtocolVersion, request: EnginePollRequest, supportsBinary: Bool
    ) {
        if let refusal = registry.reserve(limit: options.connectionLimits.maxSessions) {
            refuse(request, error(for: refusal))
            return
        }
        let session = EngineSession(
            id: id, protocolVersion: version, request: request.head, eventLoop: request.exchange.eventLoop,
            endpoint: self, transport: .polling, supportsBinary: supportsBinary)
        if let refusal = registry.insert(session) {
            refuse(request, error(for: refusal))
            return
        }
        session.start()
        session.poll(request)
        handler.sessionOpened(session)
    }

    /// Accepts the WebSocket of a handshake and opens its session on the connection's loop.
    func openWebSocketSession(
        id: String, version: EngineProtocolVersion, head: EngineRequestHead, upgrade: any EngineWebSocketUpgrade
    ) {
        if let refusal = registry.reserve(limit: options.connectionLimits.maxSessions) {
            refuse(upgrade, head: head, error(for: refusal))
            return
        }
        var headers = HTTPHeaders()
        options.initialHeaders?(&headers, head)
        options.headers?(&headers, head)
        upgrade.accept(headers: headers, deflate: options.perMessageDeflate, limits: webSocketLimits) {
            [self] transport in
            guard let transport else {
                registry.release()
                return
            }
            let session = EngineSession(
                id: id, protocolVersion: version, request: head, eventLoop: transport.eventLoop, endpoint: self,
                transport: .websocket, supportsBinary: true)
            if let refusal = registry.insert(session) {
                report(error(for: refusal), head: head)
                transport.close(code: .goingAway)
                return
            }
            session.startWebSocket(transport)
            handler.sessionOpened(session)
        }
    }
}
