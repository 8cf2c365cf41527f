import EngineParser
import NIOCore
import NIOHTTP1

extension EngineSession {
    /// A polling request with this session's sid, on the session's loop. `transportName` is the request's
    /// `transport` parameter, checked against the session's transport (TRANSPORT_MISMATCH after an upgrade).
    func handlePolling(_ request: EnginePollRequest, transportName: EngineTransportKind) {
        guard machine.readyState != .closed else {
            endpoint.refuse(request, .unknownSID(id))
            return
        }
        guard transportName == transport else {
            endpoint.refuse(
                request,
                .badRequest(
                    "TRANSPORT_MISMATCH", detail: "transport \(transportName), session on \(transport)"))
            return
        }
        switch request.head.method {
        case .GET:
            poll(request)
        case .POST:
            let contentType = request.head.headers.first(name: "content-type")
            perform(machine.postRequest(isOctetStream: contentType == "application/octet-stream"), request: request)
        default:
            // The reference's polling transport answers other methods with 500.
            endpoint.respondEmpty(request, status: .internalServerError)
        }
    }

    /// Takes a GET into the slot (or refuses an overlapping one) and lets the machine flush into it.
    func poll(_ request: EnginePollRequest) {
        let wasPending = machine.getPending
        if !wasPending {
            pendingGET = request
            let exchange = request.exchange
            exchange.onAbort { [self] in
                onLoop { session in
                    guard let current = session.pendingGET, current.exchange === exchange else { return }
                    session.perform(session.machine.pollAborted())
                }
            }
        }
        perform(machine.pollRequest(), request: request)
    }

    /// Answers the pending GET with one payload of `packets`.
    func respondPoll(_ packets: [EngineOutPacket]) {
        guard let get = pendingGET else { return }
        pendingGET = nil
        var bytes: [UInt8] = []
        var binary = false
        if protocolVersion == .v3 {
            if supportsBinary, packets.contains(where: \.isBinary) {
                binary = true
                EngineV3PayloadEncoder.encodeBinary(packets.lazy.map(\.enginePacket), into: &bytes)
            } else {
                EngineV3PayloadEncoder.encodeText(packets.lazy.map(\.enginePacket), into: &bytes)
            }
        } else {
            EngineV4PayloadEncoder.encode(packets.lazy.map(\.enginePacket), into: &bytes)
        }
        var body = ByteBuffer(bytes: bytes)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: binary ? "application/octet-stream" : "text/plain; charset=UTF-8")
        if let compression = endpoint.options.httpCompression, bytes.count >= compression.threshold,
            packets.contains(where: \.compress), let coding = HTTPContentCoding.negotiate(get.head.headers)
        {
            do {
                body = try coding.compress(body, level: compression.level, allocator: ByteBufferAllocator())
                headers.add(name: "Content-Encoding", value: coding.token)
            } catch {
                endpoint.respondEmpty(get, status: .internalServerError)
                return
            }
        }
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        endpoint.decorate(&headers, for: get, sid: id)
        get.exchange.respond(status: .ok, headers: headers, body: body)
    }

    /// Reads a POST body and hands its packets to the machine.
    func readBody(of request: EnginePollRequest) {
        let octetStream = request.head.headers.first(name: "content-type") == "application/octet-stream"
        request.exchange.readBody(limit: endpoint.options.maxHttpBufferSize) { [self] result in
            onLoop { session in
                switch result {
                case .success(let body):
                    session.handlePayload(body, octetStream: octetStream, request: request)
                case .failure(let error):
                    if error == .tooLarge {
                        session.perform(session.machine.postTooLarge(), request: request)
                    } else {
                        session.perform(session.machine.postAborted(), request: request)
                    }
                }
            }
        }
    }

    /// Decodes a POST payload packet by packet; answers `ok`, or 400 when it is not Engine.IO.
    private func handlePayload(_ body: ByteBuffer, octetStream: Bool, request: EnginePollRequest) {
        var view = body.readableBytesView
        let options = endpoint.sessionConfig.parserOptions
        var failed = false
        do {
            if protocolVersion == .v3 {
                if octetStream {
                    var decoder = EngineV3BinaryPayloadDecoder(options: options)
                    while let packet = try decoder.next(&view, isComplete: true) {
                        if !handleIncoming(packet) { break }
                    }
                } else {
                    var decoder = EngineV3PayloadDecoder(options: options)
                    while let packet = try decoder.next(&view, isComplete: true) {
                        if !handleIncoming(packet) { break }
                    }
                }
            } else {
                var decoder = EngineV4PayloadDecoder(options: options)
                while let packet = try decoder.next(&view, isComplete: true) {
                    if !handleIncoming(packet) { break }
                }
            }
        } catch {
            failed = true
            if machine.transport == .polling { perform(machine.receive(.parseError)) }
        }
        machine.postFinished()
        if failed {
            endpoint.respondEmpty(request, status: .badRequest)
        } else {
            endpoint.respondOK(request, sid: id)
        }
    }

    /// One packet from a polling payload; false stops the payload (a close packet, or the session ended or moved
    /// to WebSocket, whose polling packets the reference no longer listens to).
    private func handleIncoming(_ packet: EnginePacket<ByteBufferView>) -> Bool {
        guard machine.transport == .polling, machine.readyState != .closed else { return false }
        let inbound = Self.inbound(packet)
        if inbound == .message {
            if machine.deliversMessages {
                endpoint.handler.session(self, received: Self.message(packet.data))
            }
            return true
        }
        perform(machine.receive(inbound))
        return inbound != .close
    }
}
