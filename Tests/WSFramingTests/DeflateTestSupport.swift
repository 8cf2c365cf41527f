import Foundation
import NIOCore
import WSFraming

/// Shared helpers for the permessage-deflate and extension tests: vector files, hex, and a codec pair.
enum DeflateTestSupport {
    /// The folder of the JSON vectors, found relative to this file.
    static let vectorsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Vectors")

    /// The root object of a vector file.
    static func vectors(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: vectorsFolder.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// The cases under `key`, each a dictionary.
    static func cases(_ file: String, _ key: String) throws -> [[String: Any]] {
        try vectors(file)[key] as? [[String: Any]] ?? []
    }

    /// Bytes from hex text.
    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var high: UInt8?
        for char in hex.utf8 {
            guard let nibble = UInt8(String(UnicodeScalar(char)), radix: 16) else { continue }
            if let h = high {
                result.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return result
    }

    /// One `encodedParts` entry: `hex:` prefix for hex, otherwise UTF-8 text.
    static func part(_ text: String) -> [UInt8] {
        text.hasPrefix("hex:") ? bytes(hex: String(text.dropFirst(4))) : Array(text.utf8)
    }

    /// Hex text of bytes, for readable failures.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// A server-side codec for the given parameters (default: plain permessage-deflate, threshold 0).
    static func server(
        _ parameters: PerMessageDeflateParameters = PerMessageDeflateParameters(),
        threshold: Int = 0
    ) throws -> PerMessageDeflate {
        try PerMessageDeflate(parameters: parameters, role: .server, options: PerMessageDeflateOptions(threshold: threshold))
    }

    /// A client-side codec for the given parameters (threshold 0).
    static func client(_ parameters: PerMessageDeflateParameters = PerMessageDeflateParameters()) throws
        -> PerMessageDeflate
    {
        try PerMessageDeflate(parameters: parameters, role: .client, options: PerMessageDeflateOptions(threshold: 0))
    }

    /// Inflates one message given as fragments; returns the bytes.
    static func inflate(
        _ codec: PerMessageDeflate,
        _ fragments: [[UInt8]],
        limit: Int = 1 << 20
    ) throws(WSError) -> [UInt8] {
        var output = ByteBuffer()
        for (index, fragment) in fragments.enumerated() {
            try codec.decompress(
                ByteBuffer(bytes: fragment), isFinal: index == fragments.count - 1, into: &output, limit: limit)
        }
        return Array(output.readableBytesView)
    }

    /// Compresses one message; nil when it was below the threshold.
    static func deflate(_ codec: PerMessageDeflate, _ message: [UInt8]) throws(WSError) -> [UInt8]? {
        try codec.compress(ByteBuffer(bytes: message), allocator: ByteBufferAllocator()).map {
            Array($0.readableBytesView)
        }
    }

    /// Every way to cut `bytes` into fragments that the tests try: whole, byte by byte, and at every index.
    static func splits(_ bytes: [UInt8]) -> [[[UInt8]]] {
        var result: [[[UInt8]]] = [[bytes]]
        result.append(bytes.isEmpty ? [[]] : bytes.map { [$0] })
        for cut in 0...bytes.count {
            result.append([Array(bytes[..<cut]), Array(bytes[cut...])])
        }
        return result
    }

    /// The FuzzInflate check, duplicated from Fuzz/Sources/FuzzInflate so crashers replay in unit tests: inflate the
    /// chunks as fragments under a limit; the output never exceeds it; compress→inflate of the payload round-trips.
    static func inflateCheck(_ chunks: [ArraySlice<UInt8>], payload: [UInt8]) -> String? {
        let limit = 64 * 1024
        guard let server = try? server(), let client = try? client() else { return "codec init failed" }
        var output = ByteBuffer()
        var failed = false
        for (index, chunk) in chunks.enumerated() {
            do {
                try server.decompress(
                    ByteBuffer(bytes: chunk), isFinal: index == chunks.count - 1, into: &output, limit: limit)
            } catch {
                failed = true
                break
            }
        }
        if output.readableBytes > limit + 1 { return "inflated \(output.readableBytes) bytes past the limit" }
        if !failed {
            // A decoded message, compressed again by the peer and inflated, gives the same message.
            let decoded = Array(output.readableBytesView)
            guard let again = try? deflate(client, decoded), let back = try? inflate(server, [again], limit: limit),
                back == decoded
            else { return "decoded message did not round-trip" }
        }
        // The raw input, compressed and inflated in the fuzzer's fragments, gives the input back.
        guard let fresh = try? Self.server(), let peer = try? Self.client(),
            let compressed = try? deflate(peer, payload)
        else { return "compress failed" }
        var fragments: [[UInt8]] = []
        var start = 0
        for chunk in chunks.dropLast() {
            let end = min(compressed.count, start + chunk.count)
            fragments.append(Array(compressed[start..<end]))
            start = end
        }
        fragments.append(Array(compressed[start...]))
        guard let restored = try? inflate(fresh, fragments, limit: max(limit, payload.count)), restored == payload else {
            return "compress→inflate did not give the input back"
        }
        return nil
    }
}
