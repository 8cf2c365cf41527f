// Re-labelling a validated document over borrowed `RawBytes` (see RawBytes.swift for why).

extension JSONDocument {
    /// The same validated document over other bytes with identical content (no re-validation): used only to
    /// re-label a document over `RawBytes` borrowed from its own `bytes`.
    init<Other>(rebasing other: JSONDocument<Other>, onto bytes: Bytes) {
        self.bytes = bytes
        self.tape = other.tape
    }
}

extension JSONView {
    /// Runs `body` with this value re-labelled over `RawBytes` borrowed from the document's bytes (copied once into
    /// an array if they are not contiguous).
    func withRawView<R>(_ body: (JSONView<RawBytes>) throws -> R) rethrows -> R {
        let source = document.bytes
        // Offsets in the tape are relative to the document start, which RawBytes puts at index 0.
        func run(_ buffer: UnsafeBufferPointer<UInt8>) throws -> R {
            let document = JSONDocument<RawBytes>(rebasing: self.document, onto: RawBytes(buffer))
            return try body(JSONView<RawBytes>(document: document, index: index))
        }
        if let result = try source.withContiguousStorageIfAvailable(run) {
            return result
        }
        return try Array(source).withUnsafeBufferPointer(run)
    }
}
