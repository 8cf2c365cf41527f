import NIOCore
import SIOParser
import Testing

/// `eventNameEquals` and `namespaceEquals` compare contiguous bytes word by word: every length around the word
/// size, a difference at every position, over both array slices and NIO buffer views.
struct EventNameComparisonTests {
    /// Names of 0...20 bytes (the word loop, its tail, and both together), plus multi-byte UTF-8.
    static let names: [String] = (0...20).map { String(repeating: "e", count: $0) } + ["é", "événement-ünï", "🙂🙃"]

    static func packetText(event: String, namespace: String) -> String {
        (namespace == "/" ? "2" : "2\(namespace),") + #"[""# + event + #"",1]"#
    }

    @Test(arguments: names)
    func eventNamesOverArraySlices(name: String) throws {
        var decoder = SIOPacketDecoder<ArraySlice<UInt8>>()
        let text = Array(Self.packetText(event: name, namespace: "/").utf8)
        let packet = try #require(try decoder.receive(text: text[...]).packet)
        check(packet, name: name)
    }

    @Test(arguments: names)
    func eventNamesOverBufferViews(name: String) throws {
        var decoder = SIOPacketDecoder<ByteBufferView>()
        // Bytes in front, so the view's indices do not start at 0.
        var buffer = ByteBuffer(string: "xyz" + Self.packetText(event: name, namespace: "/"))
        buffer.moveReaderIndex(forwardBy: 3)
        let packet = try #require(try decoder.receive(text: buffer.readableBytesView).packet)
        check(packet, name: name)
    }

    func check<Bytes>(_ packet: SIOPacket<Bytes>, name: String) {
        #expect(packet.eventNameEquals(name))
        #expect(!packet.eventNameEquals(name + "e"))
        #expect(name.isEmpty || !packet.eventNameEquals(String(name.dropLast())))
        let bytes = Array(name.utf8)
        for position in bytes.indices {
            var changed = bytes
            changed[position] ^= 0x01
            #expect(!packet.eventNameEquals(String(decoding: changed, as: UTF8.self)), "byte \(position) of \(name)")
        }
    }

    @Test func escapedNamesStillCompareByTheirText() throws {
        var decoder = SIOPacketDecoder<ByteBufferView>()
        let buffer = ByteBuffer(string: #"2["\u00e9v\u00e9nement-longer-than-a-word",1]"#)
        let packet = try #require(try decoder.receive(text: buffer.readableBytesView).packet)
        #expect(packet.eventNameEquals("événement-longer-than-a-word"))
        #expect(!packet.eventNameEquals("évènement-longer-than-a-word"))
        // Longer than the escaped bytes: cannot match.
        #expect(!packet.eventNameEquals(String(repeating: "é", count: 40)))
    }

    @Test(arguments: ["/a", "/admin", "/namespace-of-many-bytes", "/ü"])
    func namespaces(namespace: String) throws {
        var decoder = SIOPacketDecoder<ByteBufferView>()
        let buffer = ByteBuffer(string: Self.packetText(event: "e", namespace: namespace))
        let packet = try #require(try decoder.receive(text: buffer.readableBytesView).packet)
        #expect(packet.namespaceEquals(namespace))
        #expect(!packet.namespaceEquals("/"))
        #expect(!packet.namespaceEquals(namespace + "x"))
        #expect(!packet.namespaceEquals(String(namespace.dropLast()) + "x"))
    }
}
