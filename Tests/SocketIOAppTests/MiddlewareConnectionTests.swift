import NIOHTTP1
import SIOParser
import SocketIO
import SocketIOApp
import SocketIOTesting
import Testing

@Suite struct MiddlewareConnectionTests {
    @Test func onionRunsAcrossTheFourLevelsAndUnwindsAtDisconnect() async throws {
        let log = Recorder<String>()
        let harness = try AppHarness({ configuration in
            configuration.connectionMiddleware = ["global"]
            configuration.namespaces = ["/": .init(), "/chat": .init(connectionMiddleware: ["local"])]
        }) { app in
            func layer(_ name: String) -> ConnectionMiddleware {
                { _, next in
                    log.append("\(name)>")
                    try await next()
                    log.append("<\(name)")
                }
            }
            app.register(connectionMiddleware: "global", layer("global"))
            app.register(connectionMiddleware: "local", layer("local"))
            app.use(connection: layer("globalCode"))
            app.namespace("/chat").use(connection: layer("localCode"))
        }
        let client = try await harness.connected("/chat")
        #expect(log.values == ["global>", "globalCode>", "local>", "localCode>"])
        client.send("41/chat,")
        let all = try await log.wait(count: 8)
        #expect(all.suffix(4) == ["<localCode", "<local", "<globalCode", "<global"])
        // The main namespace runs the global levels only.
        _ = try await harness.connected("/")
        #expect(log.values.suffix(2) == ["global>", "globalCode>"])
    }

    @Test func throwingBeforeNextRefusesWithMessageAndData() async throws {
        let harness = try AppHarness { app in
            app.use(connection: { context, next in
                if context.auth["token"] == "bad" { throw SocketConnectError("not authorized", data: ["code": 7]) }
                if context.auth["token"] == "other" { throw AppEventError("go away") }
                try await next()
            })
        }
        let client = try await harness.client()
        client.send(#"40{"token":"bad"}"#)
        #expect(try await client.receiveText() == #"44{"message":"not authorized","data":{"code":7}}"#)
        client.send(#"40{"token":"other"}"#)
        #expect(try await client.receiveText() == #"44{"message":"go away"}"#)
        client.send(#"40{"token":"good"}"#)
        #expect(try await client.receiveText().hasPrefix(#"40{"sid":"#))
    }

    @Test func returningWithoutNextRefusesAndNamesTheMiddleware() async throws {
        let reached = Recorder<String>()
        let harness = try AppHarness({ $0.connectionMiddleware = ["forgetful"] }) { app in
            app.register(connectionMiddleware: "forgetful") { context, _ in reached.append("forgetful") }
            app.use(connection: { _, next in
                reached.append("inner")
                try await next()
            })
            app.namespace("/code").use(connection: { _, _ in })
        }
        let client = try await harness.client()
        client.send("40")
        #expect(
            try await client.receiveText()
                == #"44{"message":"Connection refused by middleware","data":{"middleware":"forgetful"}}"#)
        #expect(reached.values == ["forgetful"])
    }

    @Test func aSwallowedRefusalStillRefuses() async throws {
        let harness = try AppHarness { app in
            app.use(connection: { _, next in
                do { try await next() } catch {}
            })
            app.use(connection: { _, _ in })
        }
        let client = try await harness.client()
        client.send("40")
        #expect(
            try await client.receiveText()
                == #"44{"message":"Connection refused by middleware","data":{"middleware":"global#1"}}"#)
    }

    @Test func callingNextTwiceThrows() async throws {
        let errors = Recorder<String>()
        let harness = try AppHarness { app in
            app.use(connection: { _, next in
                try await next()
                do { try await next() } catch let error as AppMiddlewareError {
                    errors.append(error == .nextCalledTwice ? "twice" : "other")
                }
            })
        }
        let client = try await harness.connected()
        client.send("41")
        #expect(try await errors.wait() == ["twice"])
    }

    @Test func aSuspendedMiddlewareDelaysTheConnectAnswer() async throws {
        let gate = Gate()
        let harness = try AppHarness { app in
            app.use(connection: { _, next in
                await gate.wait()
                try await next()
            })
        }
        let client = try await harness.client()
        client.send("40")
        #expect(await client.drain(for: .milliseconds(150)).isEmpty)
        gate.open()
        #expect(try await client.receiveText().hasPrefix(#"40{"sid":"#))
    }

    @Test func theSessionIsResolvedBeforeTheFirstMiddleware() async throws {
        let seen = Recorder<String>()
        let harness = try AppHarness({ $0.session = SessionConfiguration(secrets: ["secret"]) }) { app in
            app.use(connection: { context, next in
                seen.append(context.session.map { "\($0.isNew):\($0.id.isEmpty)" } ?? "none")
                context.session?["visits"] = 1
                try await next()
            })
            app.use(packet: { context, next in
                seen.append(context.session?["visits"] == 1 ? "visits=1" : "visits missing")
                try await next()
            })
        }
        let client = try await harness.connected()
        client.send(#"42["hello"]"#)
        #expect(try await seen.wait(count: 2) == ["true:false", "visits=1"])
    }

    @Test func aSessionAPageIssuedIsFoundThroughItsCookie() async throws {
        let seen = Recorder<String>()
        let harness = try AppHarness({ $0.session = SessionConfiguration(secrets: ["secret"]) }) { app in
            app.use(connection: { context, next in
                let session = try #require(context.session)
                seen.append("\(session.isNew) \(session["user"]?.stringValue ?? "-")")
                try await next()
            })
        }
        // What a page handler does: resolve from the page request, keep a value, save, hand out the cookie.
        let resolver = try #require(harness.app.sessionResolver)
        let page = try await resolver.resolve(headers: [:])
        page["user"] = "ada"
        try await page.save()
        let setCookie = SessionCookie.header(name: "sio.sid", signedID: page.signedID, maxAge: 60)
        let cookie = String(setCookie.split(separator: ";")[0])
        let client = try await harness.client(headers: ["Cookie": "theme=dark; \(cookie)"])
        _ = try await client.connect()
        let forged = try await harness.client(headers: ["Cookie": "sio.sid=\(page.id).AAAA"])
        _ = try await forged.connect()
        #expect(try await seen.wait(count: 2) == ["false ada", "true -"])
    }

    @Test func withoutSessionsTheContextHasNone() async throws {
        let seen = Recorder<Bool>()
        let harness = try AppHarness { app in
            app.use(connection: { context, next in
                seen.append(context.session == nil)
                try await next()
            })
        }
        _ = try await harness.connected()
        #expect(try await seen.wait() == [true])
    }

    @Test func aClientLeavingDuringMiddlewareCancelsIt() async throws {
        let events = Recorder<String>()
        let harness = try AppHarness { app in
            app.use(connection: { _, next in
                events.append("started")
                do {
                    try await Task.sleep(for: .seconds(60))
                } catch {
                    events.append("cancelled")
                    throw error
                }
                try await next()
            })
        }
        let client = try await harness.client()
        client.send("40")
        try await events.wait(count: 1)
        client.disconnect()
        #expect(try await events.wait(count: 2) == ["started", "cancelled"])
    }

    @Test func nextAfterTheClientLeftThrowsInsteadOfHanging() async throws {
        let gate = Gate()
        let events = Recorder<String>()
        let harness = try AppHarness { app in
            app.use(connection: { _, next in
                events.append("started")
                await gate.wait()
                do {
                    try await next()
                    events.append("returned")
                } catch let error as AppMiddlewareError {
                    events.append(error == .connectionClosed ? "closed" : "other")
                }
            })
        }
        let client = try await harness.client()
        client.send("40")
        try await events.wait(count: 1)
        client.disconnect()
        try await Task.sleep(for: .milliseconds(500))
        gate.open()
        #expect(try await events.wait(count: 2) == ["started", "closed"])
    }
}

/// A session store that records every save.
final class RecordingSessionStore: SessionStore {
    let saves = Recorder<[String: JSONValue]>()

    func load(id: String) async throws -> [String: JSONValue]? { nil }
    func save(id: String, data: [String: JSONValue], maxAge: Duration) async throws { saves.append(data) }
    func destroy(id: String) async throws {}
}

@Suite struct MiddlewareSessionTests {
    @Test func aNewSessionIsSavedOnAcceptAndAgainAtDisconnectWhenChanged() async throws {
        let store = RecordingSessionStore()
        var session = SessionConfiguration(secrets: ["secret"])
        session.store = "recording"
        let harness = try AppHarness({ $0.session = session }) { app in
            app.register(sessionStore: "recording", store)
            app.use(connection: { context, next in
                context.session?["user"] = "ada"
                try await next()
            })
            app.use(packet: { context, next in
                context.session?["last"] = .string(context.event)
                try await next()
            })
        }
        let client = try await harness.connected()
        #expect(try await store.saves.wait() == [["user": "ada"]])
        client.send(#"42["typing"]"#)
        try await Task.sleep(for: .milliseconds(50))
        client.send("41")
        let saves = try await store.saves.wait(count: 2)
        #expect(saves.last == ["user": "ada", "last": "typing"])
    }

    @Test func anUnchangedSessionIsNotSavedAgainAtDisconnect() async throws {
        let store = RecordingSessionStore()
        var session = SessionConfiguration(secrets: ["secret"])
        session.store = "recording"
        let left = Recorder<Bool>()
        let harness = try AppHarness({ $0.session = session }) { app in
            app.register(sessionStore: "recording", store)
            app.use(connection: { _, next in
                try await next()
                left.append(true)
            })
        }
        let client = try await harness.connected()
        client.send("41")
        try await left.wait()
        #expect(store.saves.values.count == 1)
    }
}

/// Records the errors the `error` route gets in the after-next test.
struct AfterNextErrorController: SocketController {
    static let errors = Recorder<String>()
    let context: EventContext
    init(context: EventContext) { self.context = context }
    func record() async throws { Self.errors.append(context.error.map { "\($0)" } ?? "none") }
}

@Suite struct MiddlewareAfterNextTests {
    @Test func anErrorAfterNextGoesToTheErrorRoute() async throws {
        let harness = try AppHarness { app in
            app.use(connection: { _, next in
                try await next()
                throw AppEventError("cleanup failed")
            })
            app.namespace("/").route(.error, to: AfterNextErrorController.record)
        }
        let client = try await harness.connected()
        client.send("41")
        #expect(try await AfterNextErrorController.errors.wait() == ["cleanup failed"])
    }
}
