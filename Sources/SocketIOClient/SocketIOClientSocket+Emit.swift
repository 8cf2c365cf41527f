import NIOConcurrencyHelpers
public import SIOParser
public import SIOParserNIO

extension SocketIOClientSocket {
    /// Emits an event with Codable arguments (`[UInt8]`, `Data`, `ByteBuffer` travel as binary attachments).
    ///
    /// Written at once when connected, queued otherwise (sent on connect, in order). Throws `encodingFailed`
    /// (values that do not encode, or a reserved event name) or `bufferFull`.
    public func emit<each T: Encodable>(_ event: String, _ arguments: repeat each T) throws(SocketIOClientError) {
        let encoded = try Self.encodeArguments(repeat each arguments)
        try send(event, encoded, volatile: false)
    }

    /// Emits an event only if it can be written now: while disconnected it is dropped, not queued.
    public func volatileEmit<each T: Encodable>(_ event: String, _ arguments: repeat each T)
        throws(SocketIOClientError)
    {
        let encoded = try Self.encodeArguments(repeat each arguments)
        try send(event, encoded, volatile: true)
    }

    /// Emits an event with arguments built at run time (`.binary` values travel as attachments).
    public func emit(_ event: String, values: [JSONValue]) throws(SocketIOClientError) {
        try send(event, SIOArguments(values).encoded(), volatile: false)
    }

    /// Emits an event and waits for the server's acknowledgement, returning its arguments.
    ///
    /// Throws `timeout` when no answer comes within `timeout` (default: the configuration's `ackTimeout`),
    /// `disconnected` when the socket disconnects first, `cancelled`, or the errors of `emit`.
    public func emitWithAck<each T: Encodable>(
        _ event: String, _ arguments: repeat each T, timeout: Duration? = nil
    ) async throws(SocketIOClientError) -> SIOArguments {
        let encoded = try Self.encodeArguments(repeat each arguments)
        return try await sendWithAck(event, encoded, timeout: timeout ?? manager.configuration.ackTimeout)
    }

    /// `emitWithAck`, the answer's first argument decoded as `R` (a decoding failure is thrown as `decodingFailed`).
    public func emitWithAck<R: Decodable, each T: Encodable>(
        _ event: String, _ arguments: repeat each T, returning type: R.Type, timeout: Duration? = nil
    ) async throws(SocketIOClientError) -> R {
        let answer = try await emitWithAck(event, repeat each arguments, timeout: timeout)
        do {
            return try answer.decode(R.self, at: 0)
        } catch {
            throw .decodingFailed.with("the acknowledgement of \"\(event)\": \(error)")
        }
    }

    /// `emitWithAck` with arguments built at run time.
    public func emitWithAck(
        _ event: String, values: [JSONValue], timeout: Duration? = nil
    ) async throws(SocketIOClientError) -> SIOArguments {
        try await sendWithAck(
            event, SIOArguments(values).encoded(), timeout: timeout ?? manager.configuration.ackTimeout)
    }

    // MARK: - Internals

    private static func encodeArguments<each T: Encodable>(
        _ arguments: repeat each T
    ) throws(SocketIOClientError) -> EncodedArguments {
        do {
            return try SIOValueEncoder().encodeArguments(repeat each arguments)
        } catch {
            throw .encodingFailed.with("\(error)")
        }
    }

    /// The EVENT packet `["event", ...arguments]` from arguments encoded as one JSON array.
    private func eventPacket(
        _ event: String, _ encoded: EncodedArguments, ackID: UInt64?
    ) throws(SocketIOClientError) -> SocketIOOutbound {
        // `encoded.json` is `[a,b,...]`; the packet splices its elements after the name.
        let inner = encoded.json.count > 2 ? [encoded.json.dropFirst().dropLast()] : []
        var text: [UInt8] = []
        do {
            try SIOPacketEncoder().encodeEvent(
                event, serializedArguments: inner, attachmentCount: encoded.attachments.count,
                namespace: namespace, ackID: ackID, into: &text)
        } catch {
            throw .encodingFailed.with("\(error)")
        }
        return SocketIOOutbound(text: text, attachments: encoded.attachments.map(\.bytes))
    }

    private func send(_ event: String, _ encoded: EncodedArguments, volatile: Bool) throws(SocketIOClientError) {
        let packet = try eventPacket(event, encoded, ackID: nil)
        perform(try emitLocked(packet, volatile: volatile))
    }

    private func emitLocked(
        _ packet: SocketIOOutbound, volatile: Bool
    ) throws(SocketIOClientError) -> [SocketIOSocketStateMachine.Action] {
        let result = box.withLockedValue { inner in
            Result { () throws(SocketIOClientError) in
                let actions = try inner.machine.emit(packet, volatile: volatile)
                for case .send(let packet, let generation) in actions {
                    manager.enqueue(packet, generation: generation)
                }
                return actions
            }
        }
        return try result.get()
    }

    private func sendWithAck(
        _ event: String, _ encoded: EncodedArguments, timeout: Duration
    ) async throws(SocketIOClientError) -> SIOArguments {
        let slot = ResultSlot<SIOArguments>()
        let id = box.withLockedValue { $0.machine.registerAck { slot.fulfil($0) } }
        let actions: [SocketIOSocketStateMachine.Action]
        do {
            let packet = try eventPacket(event, encoded, ackID: id)
            actions = try emitLocked(packet, volatile: false)
        } catch {
            _ = box.withLockedValue { $0.machine.removeAck(id) }
            throw error
        }
        perform(actions)
        let timer = Task {
            try await Task.sleep(for: timeout)
            _ = self.box.withLockedValue { $0.machine.removeAck(id) }
            slot.fulfil(.failure(.timeout.with("no acknowledgement of \"\(event)\" within \(timeout)")))
        }
        let result = await withTaskCancellationHandler {
            await slot.wait()
        } onCancel: {
            _ = self.box.withLockedValue { $0.machine.removeAck(id) }
            slot.fulfil(.failure(.cancelled.with("emitWithAck(\"\(event)\") was cancelled")))
        }
        timer.cancel()
        return try result.get()
    }
}
