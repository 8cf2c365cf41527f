import NIOConcurrencyHelpers
import SIOParser
import SIOParserNIO

extension ClusterAdapter {
    /// Handles one message from the backend: bytes that are not a message, this node's own messages and other
    /// namespaces' messages are ignored.
    func receive(_ bytes: [UInt8]) async {
        guard let message = try? ClusterMessage(decoding: bytes), message.uid != nodeID,
            message.namespace == namespace.name
        else { return }
        if message.kind == .adapterClose {
            _ = nodes.withLockedValue { $0.removeValue(forKey: message.uid) }
            nodeLeft(message.uid)
            return
        }
        let time = now()
        nodes.withLockedValue { $0[message.uid] = time }
        await handle(message)
    }

    private func handle(_ message: ClusterMessage) async {
        let options = message.options ?? BroadcastOptions()
        switch message.kind {
        case .initialHeartbeat:
            await publishIgnoringFailure(self.message(.heartbeat), to: message.uid)
        case .heartbeat, .adapterClose:
            break
        case .broadcast:
            guard let arguments = message.packet else { return }
            let packet = BroadcastPacket(namespace: namespace.name, arguments: arguments)
            if let id = message.requestID {
                await relayBroadcastWithAck(packet, options: options, requestID: id, to: message.uid)
            } else {
                local.broadcastStamped(packet, offset: message.offset, options: options)
            }
        case .socketsJoin:
            await local.addSockets(options, rooms: Set(message.rooms))
        case .socketsLeave:
            await local.deleteSockets(options, rooms: Set(message.rooms))
        case .disconnectSockets:
            await local.disconnectSockets(options, close: message.close)
        case .fetchSockets:
            guard let id = message.requestID else { return }
            var sockets: [SocketDetails] = []
            for socket in local.localSockets(options) { sockets.append(await socket.details()) }
            var response = self.message(.fetchSocketsResponse)
            response.requestID = id
            response.sockets = sockets
            await publishIgnoringFailure(response, to: message.uid)
        case .fetchSocketsResponse:
            guard let id = message.requestID else { return }
            fetchRequests.receive(message.sockets, for: id, from: message.uid)
        case .serverSideEmit:
            receiveServerSideEmit(message)
        case .serverSideEmitResponse:
            guard let id = message.requestID, let packet = message.packet else { return }
            emitRequests.receive(packet, for: id, from: message.uid)
        case .broadcastClientCount:
            guard let id = message.requestID, let count = message.clientCount else { return }
            ackRequests.withLockedValue { $0[id] }?.onClientCount(count)
        case .broadcastAck:
            guard let id = message.requestID, let packet = message.packet,
                let callbacks = ackRequests.withLockedValue({ $0[id] }), let arguments = WireArguments.ack(packet)
            else { return }
            callbacks.onAck(arguments)
        }
    }

    /// Another node's `serverSideEmit`: handed to the namespace, with an ack that answers once when requested.
    private func receiveServerSideEmit(_ message: ClusterMessage) {
        guard let packet = message.packet, let (event, arguments) = WireArguments.event(packet) else { return }
        var ack: (@Sendable (SIOArguments) -> Void)?
        if let id = message.requestID {
            let answered = NIOLockedValueBox(false)
            let requester = message.uid
            ack = { [weak self] arguments in
                let first = answered.withLockedValue { done in
                    defer { done = true }
                    return !done
                }
                guard first, let self else { return }
                var response = self.message(.serverSideEmitResponse)
                response.requestID = id
                response.packet = arguments.encoded()
                Task { await self.publishIgnoringFailure(response, to: requester) }
            }
        }
        namespace.serverSideEventReceived(event, arguments: arguments, ack: ack)
    }

    /// Another node's broadcast with acknowledgements: delivers locally, answers with the client count, then relays
    /// each ack (acks that come before the count is sent wait, so the requester always learns the count first).
    private func relayBroadcastWithAck(
        _ packet: BroadcastPacket, options: BroadcastOptions, requestID: String, to requester: ClusterNodeID
    ) async {
        let relay = NIOLockedValueBox<(open: Bool, queued: [SIOArguments])>((false, []))
        let count = local.broadcastWithAckNow(packet, options: options) { [weak self] arguments in
            let sendNow = relay.withLockedValue { state -> Bool in
                if !state.open { state.queued.append(arguments) }
                return state.open
            }
            guard sendNow, let self else { return }
            let response = self.ackMessage(arguments, requestID: requestID)
            Task { await self.publishIgnoringFailure(response, to: requester) }
        }
        var response = message(.broadcastClientCount)
        response.requestID = requestID
        response.clientCount = count
        await publishIgnoringFailure(response, to: requester)
        let queued = relay.withLockedValue { state in
            state.open = true
            defer { state.queued = [] }
            return state.queued
        }
        for arguments in queued {
            await publishIgnoringFailure(ackMessage(arguments, requestID: requestID), to: requester)
        }
    }

    private func ackMessage(_ arguments: SIOArguments, requestID: String) -> ClusterMessage {
        var response = message(.broadcastAck)
        response.requestID = requestID
        response.packet = arguments.encoded()
        return response
    }
}
