/// The attachments as the caller gave them.
struct TypedAttachments<Bytes: RandomAccessCollection<UInt8> & Sendable>: AttachmentSource {
    let list: [Bytes]

    var count: Int { list.count }

    func make(_ type: any BinaryAttachmentDecodable.Type, at number: Int) throws -> any BinaryAttachmentDecodable {
        try type.init(attachmentBytes: list[number])
    }

    func bytes(at number: Int) -> [UInt8] {
        Array(list[number])
    }
}
