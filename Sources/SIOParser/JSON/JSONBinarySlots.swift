/// What the serializer does with a `.binary` value: a placeholder number, or `nil` for Node's `Buffer` form.
///
/// A generic parameter rather than a closure, so that collecting attachments costs neither a closure context nor a
/// boxed capture per packet.
protocol JSONBinarySlots {
    /// The placeholder number for `bytes`, or `nil` to write them as `{"type":"Buffer","data":[...]}`.
    mutating func placeholder(for bytes: [UInt8]) -> Int?
}

/// Writes binary values in Node's `Buffer` form (plain `JSON.stringify`).
struct JSONBufferForm: JSONBinarySlots {
    func placeholder(for bytes: [UInt8]) -> Int? { nil }
}

/// Numbers binary values by a caller's callback.
struct JSONCallbackSlots: JSONBinarySlots {
    let callback: (_ bytes: [UInt8]) -> Int

    func placeholder(for bytes: [UInt8]) -> Int? { callback(bytes) }
}

/// Collects binary values as Socket.IO attachments, numbered in order.
struct JSONAttachmentCollector: JSONBinarySlots {
    /// The attachments, in placeholder order.
    var attachments: [[UInt8]] = []

    mutating func placeholder(for bytes: [UInt8]) -> Int? {
        attachments.append(bytes)
        return attachments.count - 1
    }
}
