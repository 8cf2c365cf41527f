import SIOParser
import Testing

/// `SIOPacketEncoder.withHeader` hands out the bytes (or the error) `encode(_:namespace:ackID:serializedPayload:
/// attachmentCount:into:)` produces for an empty payload.
struct PacketHeaderWritingTests {
    static let types: [SIOPacketType] = [.connect, .disconnect, .event, .ack, .connectError, .binaryEvent, .binaryAck]
    static let namespaces = ["/", "/chat", "/ü-namespace", "", "chat", "/a,b"]
    static let ackIDs: [UInt64?] = [nil, 0, 7, 10, 99, 100, 12_345, 9_007_199_254_740_991, 9_007_199_254_740_992]

    @Test(arguments: types)
    func sameBytesOrErrorAsEncode(type: SIOPacketType) {
        let encoder = SIOPacketEncoder()
        for namespace in Self.namespaces {
            for ackID in Self.ackIDs {
                var expected: [UInt8] = []
                var expectedError: SIOPacketError?
                do {
                    try encoder.encode(
                        type, namespace: namespace, ackID: ackID, serializedPayload: [UInt8](), attachmentCount: 0,
                        into: &expected)
                } catch {
                    expectedError = error
                }
                do {
                    let bytes = try encoder.withHeader(type, namespace: namespace, ackID: ackID) { Array($0) }
                    #expect(expectedError == nil, "\(type) \(namespace) \(String(describing: ackID))")
                    #expect(bytes == expected, "\(type) \(namespace) \(String(describing: ackID))")
                } catch {
                    #expect(error == expectedError, "\(type) \(namespace) \(String(describing: ackID))")
                }
            }
        }
    }

    @Test func acksInPlainFigures() throws {
        let encoder = SIOPacketEncoder()
        #expect(try encoder.withHeader(.ack, namespace: "/", ackID: 12) { Array($0) } == Array("312".utf8))
        #expect(try encoder.withHeader(.ack, namespace: "/chat", ackID: 0) { Array($0) } == Array("3/chat,0".utf8))
    }
}
