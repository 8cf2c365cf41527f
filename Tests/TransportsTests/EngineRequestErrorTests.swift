import NIOHTTP1
import Testing

@testable import Transports

@Suite struct EngineRequestErrorTests {
    @Test func codesMapToReferenceStatusesAndBodies() {
        #expect(EngineRequestError.unknownTransport("x").status == .badRequest)
        #expect(EngineRequestError.unknownTransport("x").body == #"{"code":0,"message":"Transport unknown"}"#)
        #expect(EngineRequestError.unknownSID("a").body == #"{"code":1,"message":"Session ID unknown"}"#)
        #expect(EngineRequestError.badHandshakeMethod("PUT").body == #"{"code":2,"message":"Bad handshake method"}"#)
        #expect(EngineRequestError.badRequest("X").body == #"{"code":3,"message":"Bad request"}"#)
        #expect(EngineRequestError.forbidden().status == .forbidden)
        #expect(EngineRequestError.forbidden("no \"way\"").body == #"{"code":4,"message":"no \"way\""}"#)
        #expect(EngineRequestError.unsupportedProtocolVersion("2").body
            == #"{"code":5,"message":"Unsupported protocol version"}"#)
        #expect(EngineRequestError.serverFull.status == .serviceUnavailable)
    }

    @Test func pathNormalisationFollowsTrailingSlashRule() {
        var o = EngineServerOptions()
        #expect(o.normalizedPath == "/socket.io/")
        o.path = "/engine.io"
        #expect(o.normalizedPath == "/engine.io/")
        o.addTrailingSlash = false
        #expect(o.normalizedPath == "/engine.io")
        o.path = "/engine.io///"
        #expect(o.normalizedPath == "/engine.io")
    }
}
