import EngineParser
import NIOHTTP1

extension EngineSessionStateMachine {
    /// A GET arrived for this (polling) session.
    mutating func pollRequest() -> [Action] {
        var actions: [Action] = []
        guard readyState != .closed, transport == .polling else {
            actions.append(.rejectRequest(.badRequest))
            return actions
        }
        if getPending {
            actions.append(.rejectRequest(.badRequest))
            finish(.transportError.with(detail: "overlap from client"), into: &actions)
            return actions
        }
        getPending = true
        flush(into: &actions)
        if getPending, case .waitingForGET(let reason) = pendingClose {
            getPending = false
            actions.append(.respondPoll([.control(.noop), .control(.close)]))
            finish(reason, closeTransport: false, into: &actions)
        }
        return actions
    }

    /// The pending GET's client went away. The GET still gets the close packet, as in the reference, so every
    /// exchange is answered exactly once (the host drops the bytes).
    mutating func pollAborted() -> [Action] {
        var actions: [Action] = []
        guard getPending, readyState != .closed else { return actions }
        finish(.transportError.with(detail: "poll connection closed prematurely"), into: &actions)
        return actions
    }

    /// A POST arrived; `isOctetStream` when its Content-Type is `application/octet-stream` (v3 binary payloads).
    mutating func postRequest(isOctetStream: Bool) -> [Action] {
        var actions: [Action] = []
        guard readyState != .closed, transport == .polling else {
            actions.append(.rejectRequest(.badRequest))
            return actions
        }
        if postPending {
            actions.append(.rejectRequest(.badRequest))
            finish(.transportError.with(detail: "data request overlap from client"), into: &actions)
            return actions
        }
        if isOctetStream && !isV3 {
            actions.append(.rejectRequest(.badRequest))
            finish(.transportError.with(detail: "invalid content"), into: &actions)
            return actions
        }
        postPending = true
        actions.append(.readBody)
        return actions
    }

    /// The POST body passed `maxHttpBufferSize`: 413, and the session stays (as in the reference).
    mutating func postTooLarge() -> [Action] {
        postPending = false
        return [.rejectRequest(.payloadTooLarge)]
    }

    /// The POST's client went away before the body ended (answered anyway, so the exchange ends).
    mutating func postAborted() -> [Action] {
        postPending = false
        var actions: [Action] = [.rejectRequest(.badRequest)]
        finish(.transportError.with(detail: "data request connection closed prematurely"), into: &actions)
        return actions
    }

    /// The POST body was read and its packets handled.
    mutating func postFinished() {
        postPending = false
    }
}
