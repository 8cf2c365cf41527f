/// A type that `SIOValueDecoder` can build from a binary attachment, when the JSON holds a
/// `{"_placeholder":true,"num":N}` object where a value of this type is expected.
///
/// `[UInt8]`, Foundation's `Data` and (through `SIOParserNIO`) NIO's `ByteBuffer` conform.
/// A conforming type that is also `Decodable` still decodes normally from any JSON value that is not a placeholder.
public protocol BinaryAttachmentDecodable {
    /// Creates a value from an attachment's bytes; throws if the bytes are not acceptable for this type.
    init<Bytes: RandomAccessCollection<UInt8> & Sendable>(attachmentBytes bytes: Bytes) throws
}

extension Array: BinaryAttachmentDecodable where Element == UInt8 {
    /// Copies the attachment's bytes into a new array.
    public init<Bytes: RandomAccessCollection<UInt8> & Sendable>(attachmentBytes bytes: Bytes) {
        self.init(bytes)
    }
}
