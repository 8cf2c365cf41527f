import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import Transports

@Suite struct EndpointPollingTests {
    @Test func emptySidStartsAHandshake() async throws {
        let h = EndpointHarness()
        let response = try await h.send(.GET, "EIO=4&transport=polling&sid=")
        #expect(response.status == .ok)
        #expect(response.text.hasPrefix("0{\"sid\":"))
        #expect(h.endpoint.clientsCount == 1)
    }

    @Test func handshakeOpensSessionWithExactOpenPacket() async throws {
        let h = EndpointHarness()
        let response = try await h.send(.GET, "EIO=4&transport=polling")
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "content-type") == "text/plain; charset=UTF-8")
        #expect(response.headers.first(name: "cache-control") == "no-store")
        #expect(response.headers.first(name: "content-length") == String(response.body.count))
        let sid = try #require(h.handler.sessions.first?.id)
        #expect(sid.count == EngineSessionID.defaultLength)
        #expect(response.text
            == #"0{"sid":"\#(sid)","upgrades":["websocket"],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000}"#)
        #expect(h.handler.events == ["open"])
        #expect(h.endpoint.clientsCount == 1)
        #expect(h.endpoint.session(id: sid) != nil)
    }

    @Test func initialPacketFollowsOpen() async throws {
        let h = EndpointHarness { $0.initialPacket = .text("welcome") }
        let response = try await h.send(.GET, "EIO=4&transport=polling")
        #expect(response.text.hasSuffix("}\u{1e}4welcome"))
    }

    @Test func errorCodesStatusesAndBodies() async throws {
        let h = EndpointHarness()
        let cases: [(HTTPMethod, String, HTTPResponseStatus, String)] = [
            (.GET, "EIO=4", .badRequest, #"{"code":0,"message":"Transport unknown"}"#),
            (.GET, "EIO=4&transport=abc", .badRequest, #"{"code":0,"message":"Transport unknown"}"#),
            (.GET, "transport=polling", .badRequest, #"{"code":5,"message":"Unsupported protocol version"}"#),
            (.GET, "EIO=abc&transport=polling", .badRequest, #"{"code":5,"message":"Unsupported protocol version"}"#),
            (.GET, "EIO=3&transport=polling", .badRequest, #"{"code":5,"message":"Unsupported protocol version"}"#),
            (.POST, "EIO=4&transport=polling", .badRequest, #"{"code":2,"message":"Bad handshake method"}"#),
            (.PUT, "EIO=4&transport=polling", .badRequest, #"{"code":2,"message":"Bad handshake method"}"#),
            (.GET, "EIO=4&transport=polling&sid=nope", .badRequest, #"{"code":1,"message":"Session ID unknown"}"#),
            (.GET, "EIO=4&transport=websocket", .badRequest, #"{"code":3,"message":"Bad request"}"#),
        ]
        for (method, query, status, body) in cases {
            let response = try await h.send(method, query)
            #expect(response.status == status, "\(method) \(query)")
            #expect(response.text == body, "\(method) \(query)")
            #expect(response.headers.first(name: "content-type") == "application/json")
        }
        #expect(h.errors.codes == [0, 0, 5, 5, 5, 2, 2, 1, 3])
        #expect(h.endpoint.clientsCount == 0)
    }

    @Test func allowRequestRejectionIs403WithItsMessage() async throws {
        let h = EndpointHarness { $0.allowRequest = { _ in throw EngineRequestRejection("not you") } }
        let response = try await h.send(.GET, "EIO=4&transport=polling")
        #expect(response.status == .forbidden)
        #expect(response.text == #"{"code":4,"message":"not you"}"#)
    }

    @Test func generateIdFailureIsCode3() async throws {
        struct Boom: Error {}
        let h = EndpointHarness { $0.generateId = { _ in throw Boom() } }
        let response = try await h.send(.GET, "EIO=4&transport=polling")
        #expect(response.status == .badRequest)
        #expect(response.text == #"{"code":3,"message":"Bad request"}"#)
    }

    @Test func asyncGenerateIdIsUsed() async throws {
        let h = EndpointHarness { $0.generateId = { _ in "custom-id" } }
        #expect(try await h.handshake() == "custom-id")
    }

    @Test func sessionCapAnswers503() async throws {
        let h = EndpointHarness { $0.connectionLimits.maxSessions = 1 }
        _ = try await h.handshake()
        let response = try await h.send(.GET, "EIO=4&transport=polling")
        #expect(response.status == .serviceUnavailable)
    }

    @Test func postThenPollEchoes() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let post = try await h.send(.POST, "EIO=4&transport=polling&sid=\(sid)", body: "4hello\u{1e}4test2\u{1e}bAQIDBA==")
        #expect(post.status == .ok)
        #expect(post.text == "ok")
        #expect(post.headers.first(name: "content-type") == "text/html")
        #expect(post.headers.first(name: "content-length") == "2")
        #expect(post.headers.first(name: "cache-control") == "no-store")
        let poll = try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)")
        #expect(poll.text == "4hello\u{1e}4test2\u{1e}bAQIDBA==")
        #expect(h.handler.events == ["open", "text hello", "text test2", "binary 4", "drained"])
    }

    @Test func invalidPayloadIs400AndClosesSession() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let post = try await h.send(.POST, "EIO=4&transport=polling&sid=\(sid)", body: "abc")
        #expect(post.status == .badRequest)
        let poll = try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)")
        #expect(poll.status == .badRequest)
        #expect(poll.text == #"{"code":1,"message":"Session ID unknown"}"#)
        #expect(h.handler.events == ["open", "closed parse error"])
    }

    @Test func octetStreamPostIsRefusedInV4() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let post = try await h.send(
            .POST, "EIO=4&transport=polling&sid=\(sid)", body: "4x", headers: ["Content-Type": "application/octet-stream"])
        #expect(post.status == .badRequest)
        #expect(h.handler.events.last == "closed transport error")
    }

    @Test func duplicatePollClosesSession() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let first = h.start(.GET, "EIO=4&transport=polling&sid=\(sid)")
        await h.loop.run()
        #expect(first.response == nil)
        let second = try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)&t=burst")
        #expect(second.status == .badRequest)
        #expect(try await h.response(first).text == "1")
        #expect(try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)").status == .badRequest)
    }

    @Test func abortedPollClosesSession() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let poll = h.start(.GET, "EIO=4&transport=polling&sid=\(sid)")
        await h.loop.run()
        poll.abort()
        await h.loop.run()
        #expect(h.handler.events == ["open", "closed transport error"])
        // Answered anyway (exactly once), as the reference writes the close packet to the dead response.
        #expect(poll.response?.text == "1")
        #expect(try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)").status == .badRequest)
    }

    @Test func heartbeatPingsAndTimesOut() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        for _ in 0..<3 {
            let poll = h.start(.GET, "EIO=4&transport=polling&sid=\(sid)")
            await h.loop.advanceTime(by: .milliseconds(300))
            #expect(try await h.response(poll).text == "2")
            #expect(try await h.send(.POST, "EIO=4&transport=polling&sid=\(sid)", body: "3").status == .ok)
        }
        await h.loop.advanceTime(by: .milliseconds(300))
        await h.loop.advanceTime(by: .milliseconds(199))
        #expect(h.endpoint.clientsCount == 1)
        await h.loop.advanceTime(by: .milliseconds(1))
        #expect(h.endpoint.clientsCount == 0)
        #expect(h.handler.events.last == "closed ping timeout")
        #expect(try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)").status == .badRequest)
    }

    @Test func clientCloseAnswersPendingPollWithNoop() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let poll = h.start(.GET, "EIO=4&transport=polling&sid=\(sid)")
        await h.loop.run()
        let post = try await h.send(.POST, "EIO=4&transport=polling&sid=\(sid)", body: "1")
        #expect(post.status == .ok)
        #expect(try await h.response(poll).text == "6")
        #expect(h.handler.events.last == "closed transport close")
        #expect(try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)").status == .badRequest)
    }

    @Test func tooLargeBodyIs413AndSessionStays() async throws {
        let h = EndpointHarness { $0.maxHttpBufferSize = 10 }
        let sid = try await h.handshake()
        let post = try await h.send(.POST, "EIO=4&transport=polling&sid=\(sid)", body: "4" + String(repeating: "x", count: 20))
        #expect(post.status == .payloadTooLarge)
        #expect(h.endpoint.clientsCount == 1)
        #expect(try await h.send(.POST, "EIO=4&transport=polling&sid=\(sid)", body: "4ok").status == .ok)
    }

    @Test func serverCloseReachesNextPoll() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let session = try #require(h.endpoint.session(id: sid))
        session.close()
        await h.loop.run()
        #expect(h.endpoint.clientsCount == 1)
        #expect(try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)").text == "6\u{1e}1")
        #expect(h.handler.events.last == "closed forced close")
        #expect(h.endpoint.clientsCount == 0)
    }

    @Test func handshakeHeadersCookieAndHooks() async throws {
        let h = EndpointHarness { options in
            options.cookie = EngineCookie()
            options.initialHeaders = { headers, _ in headers.add(name: "X-Initial", value: "1") }
            options.headers = { headers, _ in headers.add(name: "X-Every", value: "1") }
        }
        let response = try await h.send(.GET, "EIO=4&transport=polling")
        let sid = try #require(h.handler.sessions.first?.id)
        #expect(response.headers.first(name: "set-cookie")?.hasPrefix("io=\(sid)") == true)
        #expect(response.headers.first(name: "x-initial") == "1")
        #expect(response.headers.first(name: "x-every") == "1")
        let post = try await h.send(.POST, "EIO=4&transport=polling&sid=\(sid)", body: "6")
        #expect(post.headers.first(name: "set-cookie") == nil)
        #expect(post.headers.first(name: "x-initial") == nil)
        #expect(post.headers.first(name: "x-every") == "1")
    }

    @Test func preflightIsAnsweredByCORSPolicy() async throws {
        let h = EndpointHarness()
        let response = try await h.send(.OPTIONS, "EIO=4&transport=polling")
        #expect(response.status == .noContent)
        #expect(h.endpoint.clientsCount == 0)
    }

    @Test(.enabled(if: HTTPContentCoding.negotiate(["Accept-Encoding": "gzip"]) != nil))
    func largePollingResponsesAreCompressed() async throws {
        let h = EndpointHarness()
        let sid = try await h.handshake()
        let big = String(repeating: "x", count: 2000)
        _ = try await h.send(.POST, "EIO=4&transport=polling&sid=\(sid)", body: "4" + big)
        let poll = try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)", headers: ["Accept-Encoding": "gzip"])
        #expect(poll.headers.first(name: "content-encoding") == "gzip")
        #expect(poll.body.count < 1000)
        #expect(poll.headers.first(name: "content-length") == String(poll.body.count))
        _ = try await h.send(.POST, "EIO=4&transport=polling&sid=\(sid)", body: "4small")
        let small = try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)", headers: ["Accept-Encoding": "gzip"])
        #expect(small.headers.first(name: "content-encoding") == nil)
        #expect(small.text == "4small")
    }

    @Test(.enabled(if: CORSProbe.policyIsImplemented))
    func deniedOriginIs403OnEveryRequest() async throws {
        let h = EndpointHarness { $0.cors = EngineCORS(origins: .list(["https://good.example"])) }
        let sid = try await h.handshake()
        let evil: HTTPHeaders = ["Origin": "https://evil.example", "Host": "localhost"]
        let handshake = try await h.send(.GET, "EIO=4&transport=polling", headers: evil)
        #expect(handshake.status == .forbidden)
        #expect(handshake.text == #"{"code":4,"message":"Forbidden"}"#)
        #expect(try await h.send(.GET, "EIO=4&transport=polling&sid=\(sid)", headers: evil).status == .forbidden)
        let upgrade = try await h.upgrade("EIO=4&transport=websocket&sid=\(sid)", headers: evil)
        #expect(upgrade.rejected?.0 == .badRequest)
        let good: HTTPHeaders = ["Origin": "https://good.example", "Host": "localhost"]
        let ok = try await h.send(.GET, "EIO=4&transport=polling", headers: good)
        #expect(ok.status == .ok)
        #expect(ok.headers.first(name: "access-control-allow-origin") == "https://good.example")
    }
}

/// Whether the HTTP helpers' `CORSPolicy` is merged (the skeleton's stub accepts every origin).
enum CORSProbe {
    static var policyIsImplemented: Bool {
        let head = EngineRequestHead(
            method: .GET, uri: "/", headers: ["Origin": "https://evil.example", "Host": "localhost"])
        if case .denied = CORSPolicy(EngineCORS(origins: .list([]))).check(head) { return true }
        return false
    }
}
