@testable import SocketIOApp
import SocketIO
import SocketIOTesting
import Testing

@Suite struct MiddlewareLeakTests {
    @Test func noSocketStateOutlivesItsSocket() async throws {
        let gate = Gate()
        let harness = try AppHarness { app in
            app.use(connection: { context, next in
                switch context.query("mode") {
                case "refuse": throw SocketConnectError("no")
                case "forget": return
                case "hang": await gate.wait()
                default: break
                }
                try await next()
            })
        }
        // Connected then disconnected.
        let normal = try await harness.connected()
        #expect(harness.app.trackedSocketCount == 1)
        normal.send("41")
        // Refused twice on one engine connection (which stays open), then the client leaves mid-middleware.
        let refused = try await harness.client(query: "&mode=refuse")
        refused.send("40")
        #expect(try await refused.receiveText().hasPrefix("44"))
        let forgot = try await harness.client(query: "&mode=forget")
        forgot.send("40")
        #expect(try await forgot.receiveText().hasPrefix("44"))
        let hung = try await harness.client(query: "&mode=hang")
        hung.send("40")
        try await eventually("the hanging middleware holds its socket") { harness.app.trackedSocketCount >= 1 }
        hung.disconnect()
        try await eventually("every socket state released") { harness.app.trackedSocketCount == 0 }
        gate.open()
    }
}
