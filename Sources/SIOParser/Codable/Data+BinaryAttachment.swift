// The one file of SIOParser that may see Foundation: it makes `Data` an attachment in both directions when
// FoundationEssentials is available, and compiles to nothing otherwise. Without this file `Data` would still
// *decode* from an attachment (it reads an unkeyed container of bytes, which a placeholder provides), but the
// encoder could not tell it from an array of numbers.
#if canImport(FoundationEssentials)
public import FoundationEssentials
#elseif canImport(Foundation)
public import Foundation  // older Apple SDKs, where Data lives in Foundation only
#endif

#if canImport(FoundationEssentials) || canImport(Foundation)

extension Data: BinaryAttachment {
    /// The number of bytes in the attachment.
    public var attachmentByteCount: Int { count }
    /// Calls `body` with the data's bytes.
    public func withAttachmentBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension Data: BinaryAttachmentDecodable {
    /// Shares the attachment's storage when it already is `Data`, and copies it otherwise.
    public init<Bytes: RandomAccessCollection<UInt8> & Sendable>(attachmentBytes bytes: Bytes) {
        if let data = bytes as? Data {
            self = data
        } else {
            self.init(bytes)
        }
    }
}
#endif
