import EngineParser
import NIOCore
import NIOHTTP1
import WSFraming

@testable import Transports

/// Builds machines with short timers and renders actions as strings, so tests compare readable lists.
enum MachineSupport {
    static func config(
        maxPayload: Int = 1000, sendQueue: EngineSendQueueLimits = EngineSendQueueLimits()
    ) -> EngineSessionConfig {
        var options = EngineServerOptions()
        options.pingInterval = .milliseconds(300)
        options.pingTimeout = .milliseconds(200)
        options.upgradeTimeout = .milliseconds(1000)
        options.pollingCloseTimeout = .milliseconds(5000)
        options.maxHttpBufferSize = maxPayload
        options.sendQueue = sendQueue
        return EngineSessionConfig(options)
    }

    static func machine(
        _ version: EngineProtocolVersion = .v4, transport: EngineSessionStateMachine.Transport = .polling,
        config: EngineSessionConfig = config()
    ) -> EngineSessionStateMachine {
        var machine = EngineSessionStateMachine(version: version, transport: transport, config: config)
        _ = machine.start(open: .control(.open, text: "{}"), initial: nil)
        return machine
    }

    static func message(_ text: String) -> EngineOutPacket { .message(.text(text), compress: true) }

    static func packets(_ packets: [EngineOutPacket]) -> String {
        packets.map { packet -> String in
            switch packet.body {
            case .none: return "\(packet.type.rawValue)"
            case .text(let text): return "\(packet.type.rawValue)\(String(buffer: text))"
            case .message(let message):
                return message.isBinary ? "b\(message.dataCount)" : "4\(String(buffer: message.data))"
            }
        }.joined(separator: ",")
    }

    static func describe(_ actions: [EngineSessionAction]) -> [String] {
        actions.map { action -> String in
            switch action {
            case .respondPoll(let p): "poll[\(packets(p))]"
            case .refusePendingPoll: "refusePoll"
            case .rejectRequest(let status): "reject \(status.code)"
            case .readBody: "readBody"
            case .writeWebSocket(let p): "ws[\(packets(p))]"
            case .closeWebSocket(let code): "closeWS \(code.rawValue)"
            case .writeProbe(let p): "probe[\(packets([p]))]"
            case .closeProbe: "closeProbe"
            case .forgetProbe: "forgetProbe"
            case .refuseProbe: "refuseProbe"
            case .promoteProbe: "promoteProbe"
            case .armHeartbeat(let t): "heartbeat \(t.nanoseconds / 1_000_000)"
            case .armUpgradeTimeout(let t): "upgradeTimeout \(t.nanoseconds / 1_000_000)"
            case .armUpgradeCheck(let t): "upgradeCheck \(t.nanoseconds / 1_000_000)"
            case .cancelUpgradeTimers: "cancelUpgradeTimers"
            case .armPollingCloseTimer(let t): "pollingClose \(t.nanoseconds / 1_000_000)"
            case .closed(let reason): "closed: \(reason)"
            case .drained: "drained"
            case .upgraded: "upgraded"
            }
        }
    }

    /// The send decision as a string: "writeNow", or the result followed by the actions.
    static func describe(_ decision: EngineSessionStateMachine.SendDecision) -> [String] {
        switch decision {
        case .writeNow: ["writeNow"]
        case .result(let result, let actions): ["\(result)"] + describe(actions)
        }
    }
}
