/// The packet's attachments behind a non-generic face, so that the decoder's hot code need not be generic over
/// the caller's `Bytes`; attachment types are still built from the caller's own `Bytes` (zero-copy where they can).
protocol AttachmentSource {
    /// The number of attachments.
    var count: Int { get }
    /// Builds a `type` value from attachment `number` (in range).
    func make(_ type: any BinaryAttachmentDecodable.Type, at number: Int) throws -> any BinaryAttachmentDecodable
    /// A copy of attachment `number` (in range).
    func bytes(at number: Int) -> [UInt8]
}
