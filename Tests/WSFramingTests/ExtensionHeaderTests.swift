import Testing
import WSFraming

/// The `Sec-WebSocket-Extensions` parser and permessage-deflate negotiation, from Tests/Vectors/ws-extensions.json.
@Suite struct ExtensionHeaderTests {
    typealias S = DeflateTestSupport

    static func offers(_ value: Any?) -> [WSExtensionOffer] {
        (value as? [[Any]] ?? []).map { element in
            let parameters = (element.count > 1 ? element[1] as? [[Any]] ?? [] : []).map { pair in
                WSExtensionOffer.Parameter(pair.first as? String ?? "", pair.count > 1 ? pair[1] as? String : nil)
            }
            return WSExtensionOffer(name: element.first as? String ?? "", parameters: parameters)
        }
    }

    static func error(_ name: String?) -> WSExtensionError? {
        switch name {
        case "headerTooLong": .headerTooLong
        case "tooManyExtensions": .tooManyExtensions
        case "tooManyParameters": .tooManyParameters
        case "unexpectedCharacter": .unexpectedCharacter
        case "unterminatedQuotedString": .unterminatedQuotedString
        case "invalidQuotedValue": .invalidQuotedValue
        case "emptyExtension": .emptyExtension
        default: nil
        }
    }

    @Test func parsesValidHeaders() throws {
        let cases = try S.cases("ws-extensions.json", "parse")
        #expect(cases.count >= 10)
        for vector in cases {
            let text = vector["encoded"] as? String ?? ""
            let parsed = try WSExtensionHeader.parse(text)
            #expect(parsed == Self.offers(vector["offers"]), "\(vector["name"] ?? "?")")
            // Bytes and text give the same result; serializing and reparsing gives the same offers.
            #expect(try WSExtensionHeader.parse(bytes: Array(text.utf8)) == parsed)
            #expect(try WSExtensionHeader.parse(WSExtensionHeader.serialize(parsed)) == parsed)
        }
    }

    @Test func rejectsInvalidHeadersWithTheRightError() throws {
        let cases = try S.cases("ws-extensions.json", "invalid")
        #expect(cases.count >= 10)
        for vector in cases {
            let expected = try #require(Self.error(vector["error"] as? String), "\(vector["name"] ?? "?")")
            #expect(throws: expected, "\(vector["name"] ?? "?")") {
                try WSExtensionHeader.parse(vector["encoded"] as? String ?? "")
            }
        }
    }

    @Test func errorsCarryTheOffset() {
        do {
            _ = try WSExtensionHeader.parse("foo; bar=1=2")
            Issue.record("expected an error")
        } catch {
            #expect(error == .unexpectedCharacter)
            #expect(error.offset == 10)
            #expect(error.description.contains("at 10"))
        }
    }

    @Test func limitsBoundHostileHeaders() {
        let limits = WSExtensionHeader.Limits()
        #expect(limits.maxHeaderLength == 4096 && limits.maxExtensions == 32 && limits.maxParameters == 16)
        #expect(throws: WSExtensionError.headerTooLong) {
            try WSExtensionHeader.parse(String(repeating: ",", count: 4097))
        }
        #expect(throws: WSExtensionError.tooManyExtensions) {
            try WSExtensionHeader.parse(Array(repeating: "a", count: 33).joined(separator: ","))
        }
        #expect(throws: WSExtensionError.tooManyParameters) {
            try WSExtensionHeader.parse("a" + String(repeating: ";b", count: 17))
        }
        // Right at the limits is fine.
        #expect((try? WSExtensionHeader.parse(Array(repeating: "a", count: 32).joined(separator: ",")))?.count == 32)
        #expect((try? WSExtensionHeader.parse("a" + String(repeating: ";b", count: 16)))?.first?.parameters.count == 16)
        // Many commas, quotes or spaces inside the length limit parse or fail quickly and linearly.
        let big = WSExtensionHeader.Limits(maxHeaderLength: 1 << 20, maxExtensions: 1 << 20, maxParameters: 1 << 20)
        #expect((try? WSExtensionHeader.parse(String(repeating: ", ", count: 400_000), limits: big))?.isEmpty == true)
        #expect(throws: WSExtensionError.unterminatedQuotedString) {
            try WSExtensionHeader.parse("a;b=\"" + String(repeating: "\\\"", count: 400_000), limits: big)
        }
        #expect((try? WSExtensionHeader.parse("a" + String(repeating: ";b=c", count: 200_000), limits: big))?
            .first?.parameters.count == 200_000)
    }

    static func options(_ value: Any?) -> PerMessageDeflateOptions {
        let dict = value as? [String: Any] ?? [:]
        var options = PerMessageDeflateOptions()
        if let bits = dict["serverMaxWindowBits"] as? Int { options.serverMaxWindowBits = bits }
        if let bits = dict["clientMaxWindowBits"] as? Int { options.clientMaxWindowBits = bits }
        if let flag = dict["serverNoContextTakeover"] as? Bool { options.serverNoContextTakeover = flag }
        if let flag = dict["clientNoContextTakeover"] as? Bool { options.clientNoContextTakeover = flag }
        return options
    }

    @Test func negotiatesPermessageDeflate() throws {
        let cases = try S.cases("ws-extensions.json", "negotiate")
        #expect(cases.count >= 20)
        for vector in cases {
            let negotiator = PerMessageDeflateNegotiator(options: Self.options(vector["options"]))
            let accepted = try negotiator.negotiate(header: vector["encoded"] as? String ?? "")
            #expect(accepted?.headerValue == vector["response"] as? String, "\(vector["name"] ?? "?")")
            guard let accepted else { continue }
            // The response, read back as a client would, gives the same parameters, and both sides can build codecs.
            let reparsed = try WSExtensionHeader.parse(accepted.headerValue)
            #expect(reparsed.count == 1)
            #expect(PerMessageDeflateParameters(response: reparsed[0]) == accepted)
            #expect(accepted.serverMaxWindowBits.map { $0 >= 9 } ?? true)
            _ = try negotiator.makeServerCodec(accepted)
        }
    }

    @Test func responseParsingRejectsWhatAServerMayNotSend() throws {
        let bad = [
            "permessage-deflate; client_max_window_bits", "permessage-deflate; foo", "x-other",
            "permessage-deflate; server_max_window_bits=16",
        ]
        for text in bad {
            let element = try #require(try WSExtensionHeader.parse(text).first)
            #expect(PerMessageDeflateParameters(response: element) == nil, "\(text)")
        }
    }

    @Test func optionsAreClampedIntoZlibsRanges() {
        let negotiator = PerMessageDeflateNegotiator(
            options: PerMessageDeflateOptions(
                threshold: -5, compressionLevel: 42, memoryLevel: 0, serverMaxWindowBits: 8, clientMaxWindowBits: 99))
        #expect(negotiator.options.threshold == 0)
        #expect(negotiator.options.compressionLevel == 9)
        #expect(negotiator.options.memoryLevel == 1)
        #expect(negotiator.options.serverMaxWindowBits == 9)
        #expect(negotiator.options.clientMaxWindowBits == 15)
    }

    @Test func replaysFuzzWSExtensionsFailCases() throws {
        for (name, data) in try DeflateFuzzReplay.failCases("FuzzWSExtensions") {
            let input = DeflateFuzzReplay.split(data)
            #expect(Self.extensionsCheck(input.chunks) == nil, "\(name)")
        }
        #expect(Self.extensionsCheck([ArraySlice("permessage-deflate; server_max_window_bits=10".utf8)]) == nil)
    }

    /// The FuzzWSExtensions check, duplicated from Fuzz/Sources/FuzzWSExtensions: parse the chunks as repeated header
    /// lines; accepted offers re-serialize and reparse to the same; a negotiated response reads back the same.
    static func extensionsCheck(_ chunks: [ArraySlice<UInt8>]) -> String? {
        let joined = chunks.map { Array($0) }.joined(separator: Array(",".utf8))
        guard let offers = try? WSExtensionHeader.parse(bytes: Array(joined)) else { return nil }
        guard (try? WSExtensionHeader.parse(WSExtensionHeader.serialize(offers))) == offers else {
            return "re-serialized offers parse differently"
        }
        for options in [PerMessageDeflateOptions(), PerMessageDeflateOptions(serverMaxWindowBits: 10, clientMaxWindowBits: 9)] {
            guard let accepted = PerMessageDeflateNegotiator(options: options).negotiate(offers) else { continue }
            guard let element = try? WSExtensionHeader.parse(accepted.headerValue).first,
                PerMessageDeflateParameters(response: element) == accepted
            else { return "negotiated response does not read back" }
            if let bits = accepted.serverMaxWindowBits, bits < 9 { return "accepted server_max_window_bits=\(bits)" }
        }
        return nil
    }
}
