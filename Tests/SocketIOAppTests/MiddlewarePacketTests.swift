import SIOParser
import SocketIO
import SocketIOApp
import SocketIOTesting
import Testing

/// A controller that records what it handles.
struct PacketProbeController: SocketController {
    static let log = Recorder<String>()
    static let gate = Gate()
    let context: EventContext
    init(context: EventContext) { self.context = context }

    func hit() async throws -> String {
        Self.log.append("handler:\(context.event)")
        return "done"
    }

    func slow() async throws -> String {
        await Self.gate.wait()
        Self.log.append("slow")
        return "slow"
    }

    func fast() async throws -> String {
        Self.log.append("fast")
        return "fast"
    }
}

@Suite(.serialized) struct MiddlewarePacketTests {
    @Test func layersRunInOrderAroundTheHandler() async throws {
        let log = OrderController.log
        let harness = try AppHarness({ configuration in
            configuration.packetMiddleware = ["global"]
            configuration.namespaces = ["/": .init(packetMiddleware: ["local"])]
        }) { app in
            func layer(_ name: String) -> PacketMiddleware {
                { context, next in
                    log.append("\(name)>\(context.event)")
                    try await next()
                    log.append("<\(name)")
                }
            }
            app.register(packetMiddleware: "global", layer("global"))
            app.register(packetMiddleware: "local", layer("local"))
            app.use(packet: layer("globalCode"))
            app.namespace("/").use(packet: layer("localCode"))
            app.namespace("/").route(
                "order", to: { (controller: OrderController) in controller.handle }, middleware: [layer("route")])
        }
        let client = try await harness.connected()
        client.send(#"421["order"]"#)
        #expect(try await client.receiveText() == #"431["ok"]"#)
        let values = try await log.wait(count: 11)
        #expect(
            values == [
                "global>order", "globalCode>order", "local>order", "localCode>order", "route>order", "handler",
                "<route", "<localCode", "<local", "<globalCode", "<global",
            ])
        // Unrouted events go through the namespace levels too (not through a route's middleware).
        client.send(#"42["nowhere",1]"#)
        let more = try await log.wait(count: 19)
        #expect(more.suffix(8) == [
            "global>nowhere", "globalCode>nowhere", "local>nowhere", "localCode>nowhere",
            "<localCode", "<local", "<globalCode", "<global",
        ])
    }

    @Test func throwingRejectsThePacketAndAnswersTheAck() async throws {
        let errors = ErrorRecordingController.errors
        let harness = try AppHarness { app in
            app.use(packet: { context, next in
                switch context.event {
                case "forbidden": throw AppEventError("denied", data: ["why": "test"])
                case "broken": throw AppTestFailure()
                default: try await next()
                }
            })
            app.namespace("/").route("forbidden", to: { (controller: PacketProbeController) in controller.hit })
            app.namespace("/").route(.error, to: { (controller: ErrorRecordingController) in controller.record })
        }
        let socketErrors = Recorder<String>()
        harness.io.onConnection { (socket: Socket) in
            socket.onError { _, error in socketErrors.append("\((error as? AppPacketRejected)?.event ?? "other")") }
        }
        let client = try await harness.connected()
        client.send(#"421["forbidden"]"#)
        #expect(try await client.receiveText() == #"431[{"error":"denied","data":{"why":"test"}}]"#)
        client.send(#"422["broken"]"#)
        #expect(try await client.receiveText() == #"432[{"error":"internal error"}]"#)
        let recorded = try await errors.wait(count: 2)
        #expect(recorded[0].hasPrefix("rejected forbidden"))
        #expect(recorded[1].hasPrefix("rejected broken"))
        #expect(try await socketErrors.wait(count: 2) == ["forbidden", "broken"])
        #expect(!PacketProbeController.log.values.contains("handler:forbidden"))
    }

    @Test func returningWithoutNextDropsThePacket() async throws {
        let seen = Recorder<String>()
        let harness = try AppHarness { app in
            app.use(packet: { context, next in
                seen.append(context.event)
                if context.event != "blocked" { try await next() }
            })
            app.namespace("/").route("blocked", to: { (controller: PacketProbeController) in controller.hit })
            app.namespace("/").route("open", to: { (controller: PacketProbeController) in controller.hit })
        }
        let client = try await harness.connected()
        client.send(#"421["blocked"]"#)
        client.send(#"422["open"]"#)
        #expect(try await client.receiveText() == #"432["done"]"#)
        #expect(seen.values == ["blocked", "open"])
    }

    @Test func eventsOfOneSocketRunOneAtATimeInOrder() async throws {
        let harness = try AppHarness { app in
            app.namespace("/").route("slow", to: { (controller: PacketProbeController) in controller.slow })
            app.namespace("/").route("fast", to: { (controller: PacketProbeController) in controller.fast })
        }
        let client = try await harness.connected()
        let other = try await harness.connected()
        client.send(#"421["slow"]"#)
        client.send(#"422["fast"]"#)
        // Another socket is not held up.
        other.send(#"427["fast"]"#)
        #expect(try await other.receiveText() == #"437["fast"]"#)
        #expect(await client.drain(for: .milliseconds(100)).isEmpty)
        PacketProbeController.gate.open()
        #expect(try await client.receiveText() == #"431["slow"]"#)
        #expect(try await client.receiveText() == #"432["fast"]"#)
    }

    @Test func aLongBacklogDrainsInArrivalOrder() async throws {
        let gate = Gate()
        let harness = try AppHarness { app in
            app.use(packet: { _, next in
                await gate.wait()
                try await next()
            })
            app.namespace("/").route("n", to: RouterProbeController.add)
        }
        let client = try await harness.connected()
        for index in 1...300 { client.send("42\(index)[\"n\",\(index),0]") }
        gate.open()
        for index in 1...300 {
            #expect(try await client.receiveText() == "43\(index)[\(index)]")
        }
    }

    @Test func tooManyWaitingEventsCloseTheConnection() async throws {
        let gate = Gate()
        let harness = try AppHarness { app in
            app.use(packet: { _, next in
                await gate.wait()
                try await next()
            })
        }
        let client = try await harness.connected()
        for _ in 0...(harness.io.options.maxQueuedEvents + 1) { client.send(#"42["flood"]"#) }
        try await client.waitForClose()
        gate.open()
    }

    @Test func nextTwiceThrowsInPacketMiddleware() async throws {
        let outcome = Recorder<String>()
        let harness = try AppHarness { app in
            app.use(packet: { _, next in
                try await next()
                do { try await next() } catch let error as AppMiddlewareError where error == .nextCalledTwice {
                    outcome.append("twice")
                }
            })
            app.namespace("/").route("hit", to: { (controller: PacketProbeController) in controller.hit })
        }
        let client = try await harness.connected()
        client.send(#"421["hit"]"#)
        #expect(try await client.receiveText() == #"431["done"]"#)
        #expect(try await outcome.wait() == ["twice"])
    }
}

struct AppTestFailure: Error {}

/// Records the order of a routed handler.
struct OrderController: SocketController {
    static let log = Recorder<String>()
    init(context: EventContext) {}
    func handle() async throws -> String {
        Self.log.append("handler")
        return "ok"
    }
}

/// Records what the `error` system route receives.
struct ErrorRecordingController: SocketController {
    static let errors = Recorder<String>()
    let context: EventContext
    init(context: EventContext) { self.context = context }
    func record() async throws {
        switch context.error {
        case let rejected as AppPacketRejected: Self.errors.append("rejected \(rejected.event): \(rejected.underlying)")
        case let error?: Self.errors.append("\(error)")
        case nil: Self.errors.append("none")
        }
    }
}
