import NIOCore
import Testing

@testable import Transports

/// The HTTP side of `EngineServer` over loopback: routing, keep-alive, bodies, aborts.
@Suite struct ServerHTTPTests {
    @Test func routesEnginePathToServiceAndTheRestToFallback() async throws {
        try await withServer(fallback: EchoFallback()) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /engine/hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let engine = try await client.response()
            #expect(engine.head.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(engine.body == "hello")
            try await client.send("POST /app/page?q=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
            let app = try await client.response()
            #expect(app.head.lowercased().contains("x-fallback: 1"))
            #expect(app.body == "fallback POST /app/page?q=1 abc")
            #expect(!client.isClosed)
            await client.close()
        }
    }

    @Test func defaultFallbackAnswers404() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.response()
            #expect(response.head.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
            #expect(response.head.lowercased().contains("content-length: 0"))
            await client.close()
        }
    }

    @Test func headResponseCarriesLengthButNoBody() async throws {
        try await withServer(fallback: EchoFallback()) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("HEAD /page HTTP/1.1\r\nHost: x\r\n\r\n")
            try await eventually("the head") { RawClient.headEnd(client.bytes) != nil }
            let head = String(decoding: client.take(RawClient.headEnd(client.bytes) ?? 0), as: UTF8.self)
            #expect(head.lowercased().contains("content-length: 20"))
            // The next response follows directly: no body bytes were sent for the HEAD.
            try await client.send("GET /engine/hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let next = try await client.response()
            #expect(next.head.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(next.body == "hello")
            await client.close()
        }
    }

    @Test func http10RequestIsAnsweredAndClosed() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /engine/hello HTTP/1.0\r\n\r\n")
            let response = try await client.response()
            #expect(response.head.hasPrefix("HTTP/1.0 200 OK\r\n"))
            #expect(response.body == "hello")
            try await client.waitClosed()
        }
    }

    @Test func expectContinueGets100WhenTheBodyIsWanted() async throws {
        try await withServer(fallback: EchoFallback()) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("POST /engine/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            try await eventually("100 Continue") { client.text == "HTTP/1.1 100 Continue\r\n\r\n" }
            _ = client.take(25)
            try await client.send("ping")
            #expect(try await client.response().body == "ping")
            try await client.send("POST /app HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            try await eventually("100 Continue") { client.text == "HTTP/1.1 100 Continue\r\n\r\n" }
            _ = client.take(25)
            try await client.send("pong")
            #expect(try await client.response().body == "fallback POST /app pong")
            await client.close()
        }
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            for round in 0..<3 {
                try await client.send("POST /engine/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nbody\(round)")
                let response = try await client.response()
                #expect(response.head.hasPrefix("HTTP/1.1 200 OK\r\n"))
                #expect(!response.head.lowercased().contains("connection: close"))
                #expect(response.body == "body\(round)")
            }
            #expect(!client.isClosed)
            await client.close()
        }
    }

    @Test func connectionCloseRequestIsHonoured() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /engine/hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let response = try await client.response()
            #expect(response.head.lowercased().contains("connection: close"))
            try await client.waitClosed()
        }
    }

    @Test func chunkedBodyIsReadWhole() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send(
                "POST /engine/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
            )
            let response = try await client.response()
            #expect(response.body == "abcde")
            await client.close()
        }
    }

    @Test func bodyOverLimitByContentLengthGets413BeforeTheBytes() async throws {
        let service = FakeEngineService(bodyLimit: 100)
        try await withServer(service) { _, port in
            let client = try await RawClient.connect(port: port)
            // Only the head: the refusal must not wait for the 200 declared bytes.
            try await client.send("POST /engine/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n")
            let response = try await client.response()
            #expect(response.head.hasPrefix("HTTP/1.1 413 Payload Too Large\r\n"))
            #expect(response.head.lowercased().contains("connection: close"))
            try await client.waitClosed()
            #expect(service.log.contains("body body too large"))
        }
    }

    @Test func bodyOverLimitByChunkedBytesGets413() async throws {
        let service = FakeEngineService(bodyLimit: 100)
        try await withServer(service) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("POST /engine/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = String(repeating: "a", count: 60)
            try await client.send("3c\r\n\(chunk)\r\n")
            try await client.send("3c\r\n\(chunk)\r\n")
            let response = try await client.response()
            #expect(response.head.hasPrefix("HTTP/1.1 413 Payload Too Large\r\n"))
            try await client.waitClosed()
        }
    }

    @Test func fallbackBodyOverLimitGets413() async throws {
        try await withServer(fallback: EchoFallback()) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("POST /app HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n")
            let response = try await client.response()
            #expect(response.head.hasPrefix("HTTP/1.1 413 Payload Too Large\r\n"))
            try await client.waitClosed()
        }
    }

    @Test func responseBeforeTheBodyWasReadClosesTheConnection() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("POST /engine/early HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            let response = try await client.response()
            #expect(response.head.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(response.body == "early")
            #expect(response.head.lowercased().contains("connection: close"))
            try await client.waitClosed()
        }
    }

    @Test func abortedRequestFiresOnAbort() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /engine/hang HTTP/1.1\r\nHost: x\r\n\r\n")
            try await eventually("the request") { service.log.contains("request GET /engine/hang") }
            #expect(!service.log.contains("abort"))
            await client.close()
            try await eventually("onAbort") { service.log.contains("abort") }
        }
    }

    @Test func pipelinedRequestClosesTheConnectionAndAbortsTheFirst() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("GET /engine/hang HTTP/1.1\r\nHost: x\r\n\r\nGET /engine/hello HTTP/1.1\r\nHost: x\r\n\r\n")
            try await client.waitClosed()
            try await eventually("onAbort") { service.log.contains("abort") }
            #expect(!service.log.contains("request GET /engine/hello"))
        }
    }

    @Test func brokenChunkedBodyAbortsTheBodyRead() async throws {
        let service = FakeEngineService()
        try await withServer(service) { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("POST /engine/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n")
            try await eventually("the request") { service.log.contains("request POST /engine/echo") }
            try await client.send("zz\r\n")
            try await client.waitClosed()
            try await eventually("the aborted read") { service.log.contains("body connection aborted") }
        }
    }

    @Test func malformedRequestGets400() async throws {
        try await withServer { _, port in
            let client = try await RawClient.connect(port: port)
            try await client.send("NOT HTTP AT ALL\r\n\r\n")
            try await client.waitClosed()
            #expect(client.text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        }
    }
}
