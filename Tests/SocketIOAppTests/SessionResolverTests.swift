import NIOHTTP1
import SIOParser
import SocketIO
import Synchronization
import Testing

@testable import SocketIOApp

@Suite struct SessionResolverTests {
    private static let secrets = ["current-secret", "previous-secret"]

    private func handshake(cookies: [String] = [], auth: JSONValue = .object([:])) -> SocketHandshake {
        SocketHandshake(
            headers: HTTPHeaders(cookies.map { ("Cookie", $0) }), time: "", address: "127.0.0.1", xdomain: false,
            secure: false, issued: 0, url: "/socket.io/?EIO=4&transport=websocket", query: [:], auth: auth)
    }

    private func resolver(
        store: any SessionStore = InMemorySessionStore(), secrets: [String] = secrets, maxAge: Int = 3600
    ) throws(AppConfigurationError) -> SessionResolver {
        var configuration = SessionConfiguration(secrets: secrets)
        configuration.maxAge = maxAge
        return try SessionResolver(configuration: configuration, store: store)
    }

    /// A session saved in `resolver`'s store with `data`; returns its signed id.
    private func existing(_ resolver: SessionResolver, _ data: [String: JSONValue]) async throws -> String {
        let session = resolver.newSession()
        for (key, value) in data { session[key] = value }
        try await resolver.persistIfNeeded(session)
        return session.signedID
    }

    @Test func noSecretOrEmptySecretOrBadMaxAgeIsAStartupError() {
        #expect(throws: AppConfigurationError.invalidValue) { try resolver(secrets: []) }
        #expect(throws: AppConfigurationError.invalidValue) { try resolver(secrets: ["ok", ""]) }
        #expect(throws: AppConfigurationError.invalidValue) { try resolver(maxAge: 0) }
        do {
            _ = try resolver(secrets: [])
        } catch {
            #expect(error.description.contains("session.secrets"))
        }
    }

    @Test func withoutIdentifierANewSessionIsCreated() async throws {
        let resolver = try resolver()
        let session = try await resolver.resolve(handshake())
        #expect(session.isNew)
        #expect(session.data.isEmpty)
        #expect(session.id.utf8.count == 22)  // 128 bits, unpadded base64url
        #expect(Base64URL.decode(session.id[...].utf8)?.count == 16)
        #expect(resolver.signer.unsign(session.signedID) == session.id)
        let other = try await resolver.resolve(handshake())
        #expect(other.id != session.id)
    }

    @Test func existingSessionLoadsWithItsDataFromTheCookie() async throws {
        let resolver = try resolver()
        let signed = try await existing(resolver, ["user": .string("ann"), "visits": .int(3)])
        let session = try await resolver.resolve(handshake(cookies: ["theme=dark; sio.sid=\(signed)"]))
        #expect(!session.isNew)
        #expect(session.signedID == signed)
        #expect(session["user"] == .string("ann"))
        #expect(session.data == ["user": .string("ann"), "visits": .int(3)])
    }

    @Test func existingSessionLoadsFromTheAuthField() async throws {
        let resolver = try resolver()
        let signed = try await existing(resolver, ["user": .string("bob")])
        let session = try await resolver.resolve(handshake(auth: ["session": .string(signed)]))
        #expect(!session.isNew)
        #expect(session["user"] == .string("bob"))
        // Not a string: ignored.
        #expect(try await resolver.resolve(handshake(auth: ["session": .int(1)])).isNew)
    }

    @Test func cookieWinsOverAuth() async throws {
        let resolver = try resolver()
        let fromCookie = try await existing(resolver, ["who": .string("cookie")])
        let fromAuth = try await existing(resolver, ["who": .string("auth")])
        let session = try await resolver.resolve(
            handshake(cookies: ["sio.sid=\(fromCookie)"], auth: ["session": .string(fromAuth)]))
        #expect(session["who"] == .string("cookie"))
        // A cookie that does not verify does not hide a valid auth value.
        let fallback = try await resolver.resolve(
            handshake(cookies: ["sio.sid=forged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
                auth: ["session": .string(fromAuth)]))
        #expect(fallback["who"] == .string("auth"))
    }

    @Test func badSignatureGivesANewSession() async throws {
        let resolver = try resolver()
        let signed = try await existing(resolver, ["user": .string("ann")])
        let id = try #require(resolver.signer.unsign(signed))
        let otherSigner = SessionSigner(secrets: ["attacker-secret"])
        // Another canonical last character ("A" and "Q" both leave the 2 unused bits zero): a wrong digest.
        let flipped = String(signed.dropLast()) + (signed.hasSuffix("A") ? "Q" : "A")
        for value in [id, id + ".", otherSigner.sign(id), flipped, "s:" + signed] {
            let session = try await resolver.resolve(handshake(cookies: ["sio.sid=\(value)"]))
            #expect(session.isNew, "\(value)")
            #expect(session.id != id)
            #expect(session.data.isEmpty)
        }
    }

    @Test func valueSignedWithAPreviousSecretStillLoads() async throws {
        let store = InMemorySessionStore()
        let before = try resolver(store: store, secrets: ["previous-secret"])
        let signed = try await existing(before, ["user": .string("ann")])
        let after = try resolver(store: store)
        let session = try await after.resolve(handshake(cookies: ["sio.sid=\(signed)"]))
        #expect(!session.isNew)
        #expect(session["user"] == .string("ann"))
        // The client gets the id re-signed with the current secret.
        #expect(session.signedID == after.signer.sign(session.id))
        #expect(session.signedID != signed)
    }

    @Test func expiredSessionGivesANewSession() async throws {
        let clock = SessionTestClock()
        let resolver = try resolver(store: InMemorySessionStore(maxSessions: 10, now: { clock.now() }), maxAge: 60)
        let signed = try await existing(resolver, ["user": .string("ann")])
        clock.advance(.seconds(30))
        #expect(try await !resolver.resolve(handshake(cookies: ["sio.sid=\(signed)"])).isNew)
        clock.advance(.seconds(31))
        let session = try await resolver.resolve(handshake(cookies: ["sio.sid=\(signed)"]))
        #expect(session.isNew)
        #expect(session.data.isEmpty)
    }

    @Test func verifiedButUnknownIdGivesANewSession() async throws {
        let resolver = try resolver()
        let session = try await resolver.resolve(handshake(cookies: ["sio.sid=\(resolver.signer.sign("never-saved"))"]))
        #expect(session.isNew)
        #expect(session.id != "never-saved")
    }

    @Test func customCookieNameAndAuthField() async throws {
        var configuration = SessionConfiguration(secrets: ["k"])
        configuration.cookieName = "app"
        configuration.authField = "token"
        let resolver = try SessionResolver(configuration: configuration, store: InMemorySessionStore())
        let signed = try await existing(resolver, ["n": .int(1)])
        #expect(try await !resolver.resolve(handshake(cookies: ["app=\"\(signed)\""])).isNew)
        #expect(try await !resolver.resolve(handshake(auth: ["token": .string(signed)])).isNew)
        #expect(try await resolver.resolve(handshake(cookies: ["sio.sid=\(signed)"])).isNew)
    }

    @Test func persistSavesNewAndChangedSessionsOnly() async throws {
        let store = SessionCountingStore()
        let resolver = try resolver(store: store)
        let session = try await resolver.resolve(handshake())
        try await resolver.persistIfNeeded(session)
        #expect(store.saves == 1)
        try await resolver.persistIfNeeded(session)
        #expect(store.saves == 1)  // new but already saved, unchanged
        session["n"] = .int(1)
        try await resolver.persistIfNeeded(session)
        #expect(store.saves == 2)

        let loaded = try await resolver.resolve(handshake(cookies: ["sio.sid=\(session.signedID)"]))
        #expect(loaded["n"] == .int(1))
        try await resolver.persistIfNeeded(loaded)
        #expect(store.saves == 2)  // loaded and unchanged
        loaded["n"] = nil
        try await resolver.persistIfNeeded(loaded)
        #expect(store.saves == 3)
        #expect(try await store.load(id: loaded.id) == [:])
    }

    @Test func failedSaveIsRetriedByTheNextPersist() async throws {
        let store = SessionCountingStore()
        let resolver = try resolver(store: store)
        let session = resolver.newSession()
        store.failNextSave()
        await #expect(throws: SessionCountingStore.Failure.self) { try await resolver.persistIfNeeded(session) }
        try await resolver.persistIfNeeded(session)
        #expect(try await store.load(id: session.id) == [:])
    }

    @Test func destroyRemovesTheSessionAndNothingRecreatesIt() async throws {
        let store = SessionCountingStore()
        let resolver = try resolver(store: store)
        let signed = try await existing(resolver, ["user": .string("ann")])
        let session = try await resolver.resolve(handshake(cookies: ["sio.sid=\(signed)"]))
        try await session.destroy()
        #expect(session.data.isEmpty)
        try await resolver.persistIfNeeded(session)  // at disconnect
        #expect(try await store.load(id: session.id) == nil)
        #expect(try await resolver.resolve(handshake(cookies: ["sio.sid=\(signed)"])).isNew)
    }

    @Test func sessionIsSafeToUseFromManyTasks() async throws {
        let resolver = try resolver()
        let session = resolver.newSession()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<250 {
                        session["t\(task)"] = .int(Int64(index))
                        _ = session.data
                        if index % 50 == 0 { try? await session.save() }
                    }
                }
            }
        }
        #expect(session.data.count == 8)
        #expect(session.data.values.allSatisfy { $0 == .int(249) })
        try await resolver.persistIfNeeded(session)
        #expect(try await resolver.store.load(id: session.id) == session.data)
    }

    @Test func explicitSaveMakesValuesVisibleToTheNextHandshake() async throws {
        let resolver = try resolver()
        let session = try await resolver.resolve(handshake())
        session["cart"] = .array([.string("apple")])
        try await session.save()
        let again = try await resolver.resolve(handshake(auth: ["session": .string(session.signedID)]))
        #expect(again.id == session.id)
        #expect(again["cart"] == .array([.string("apple")]))
    }
}

/// A memory store that counts saves and can fail one.
final class SessionCountingStore: SessionStore {
    struct Failure: Error {}
    private let inner = InMemorySessionStore()
    private let state = Mutex((saves: 0, failNext: false))

    var saves: Int { state.withLock { $0.saves } }
    func failNextSave() { state.withLock { $0.failNext = true } }

    func load(id: String) async throws -> [String: JSONValue]? { try await inner.load(id: id) }

    func save(id: String, data: [String: JSONValue], maxAge: Duration) async throws {
        let fail = state.withLock { state in
            defer { state.failNext = false }
            if !state.failNext { state.saves += 1 }
            return state.failNext
        }
        if fail { throw Failure() }
        try await inner.save(id: id, data: data, maxAge: maxAge)
    }

    func destroy(id: String) async throws { try await inner.destroy(id: id) }
}

@Suite struct SessionResolverLimitTests {
    @Test func overlongSignedValuesAreIgnored() async throws {
        let resolver = try SessionResolver(
            configuration: SessionConfiguration(secrets: ["k"]), store: InMemorySessionStore())
        // A verifiable value whose id is too long: signed by us, saved, but still ignored at the handshake.
        let longID = String(repeating: "x", count: SessionResolver.maxSignedIDLength)
        try await resolver.store.save(id: longID, data: ["n": .int(1)], maxAge: .seconds(60))
        let signed = resolver.signer.sign(longID)
        #expect(resolver.signer.unsign(signed) == longID)
        let headers = HTTPHeaders([("Cookie", "sio.sid=\(signed)")])
        #expect(try await resolver.resolve(headers: headers).isNew)
        // At the limit it still loads.
        let shortID = String(repeating: "y", count: SessionResolver.maxSignedIDLength - 44)
        try await resolver.store.save(id: shortID, data: [:], maxAge: .seconds(60))
        let atLimit = resolver.signer.sign(shortID)
        #expect(atLimit.utf8.count == SessionResolver.maxSignedIDLength)
        #expect(try await !resolver.resolve(headers: HTTPHeaders([("Cookie", "sio.sid=\(atLimit)")])).isNew)
    }

    @Test func randomInputNeverVerifiesNorCrashes() {
        var generator = SessionTestRandom(seed: 0x5E55_1011)
        let signer = SessionSigner(secrets: ["k"])
        let alphabet = Array("abcXYZ019-_.=;% \"\t,\\+/".utf8) + [0xC3, 0xA9, 0xFF, 0x00]
        for _ in 0..<2_000 {
            let count = Int(generator.next() % 80)
            let bytes = (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(signer.unsign(text) == nil)
            let values = CookieHeader.values(named: "a", in: HTTPHeaders([("Cookie", text)]))
            #expect(values.count <= CookieHeader.maxValuesPerName)
        }
    }
}

/// A small deterministic generator, so a failure reproduces.
struct SessionTestRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
