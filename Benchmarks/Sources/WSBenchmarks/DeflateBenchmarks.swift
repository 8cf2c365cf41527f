import BenchSupport
import CZlibPeer
import NIOCore
import WSFraming

/// A deterministic ~16 KiB JSON message, typical of a Socket.IO event payload.
func deflateBenchmarkMessage() -> [UInt8] {
    var text = #"[{"event":"update","rows":["#
    var seed: UInt32 = 7
    var index = 0
    while text.utf8.count < 16 * 1024 - 200 {
        seed = seed &* 1_103_515_245 &+ 12345
        if index > 0 { text += "," }
        text += #"{"id":\#(index),"user":"user\#(seed % 997)","score":\#(seed % 100_000),"#
        text += #""active":\#(seed % 2 == 0),"tags":["alpha","beta\#(seed % 13)"],"note":"item \#(seed % 71)"}"#
        index += 1
    }
    text += "]}]"
    var bytes = Array(text.utf8)
    while bytes.count < 16 * 1024 { bytes.insert(UInt8(ascii: " "), at: bytes.count - 1) }
    return Array(bytes.prefix(16 * 1024 - 1)) + [UInt8(ascii: "]")]
}

/// Raw zlib doing exactly the permessage-deflate work (same level, window, memLevel, sync flush, reset per
/// message), with preallocated buffers: the floor our codec is measured against.
final class RawZlibPeer {
    let deflater = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    let inflater = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    var output = [UInt8](repeating: 0, count: 64 * 1024)
    static let tail: [UInt8] = [0, 0, 0xFF, 0xFF]

    init() {
        deflater.initialize(to: z_stream())
        inflater.initialize(to: z_stream())
        let size = Int32(MemoryLayout<z_stream>.size)
        precondition(deflateInit2_(deflater, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, size) == Z_OK)
        precondition(inflateInit2_(inflater, -15, ZLIB_VERSION, size) == Z_OK)
    }

    deinit {
        deflateEnd(deflater)
        inflateEnd(inflater)
        deflater.deallocate()
        inflater.deallocate()
    }

    /// Compresses `input` with a sync flush; returns the length without the 4-byte tail.
    func compress(_ input: [UInt8]) -> Int {
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { out in
                deflater.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                deflater.pointee.avail_in = uInt(source.count)
                deflater.pointee.next_out = out.baseAddress
                deflater.pointee.avail_out = uInt(out.count)
                deflate(deflater, Z_SYNC_FLUSH)
                let produced = out.count - Int(deflater.pointee.avail_out)
                deflateReset(deflater)
                return produced - 4
            }
        }
    }

    /// Inflates `input` followed by the `00 00 ff ff` tail; returns the inflated length.
    func decompress(_ input: [UInt8]) -> Int {
        output.withUnsafeMutableBufferPointer { out in
            inflater.pointee.next_out = out.baseAddress
            inflater.pointee.avail_out = uInt(out.count)
            input.withUnsafeBufferPointer { source in
                inflater.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                inflater.pointee.avail_in = uInt(source.count)
                inflate(inflater, Z_SYNC_FLUSH)
            }
            Self.tail.withUnsafeBufferPointer { source in
                inflater.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                inflater.pointee.avail_in = uInt(source.count)
                inflate(inflater, Z_SYNC_FLUSH)
            }
            inflateReset(inflater)
            return out.count - Int(inflater.pointee.avail_out)
        }
    }
}

/// Measures `ours` and `peer` alternately, five times each, keeping each side's best: on a shared machine other
/// processes' load then hits both sides alike instead of whichever happened to run during a burst.
func interleaved(bytes: Int, _ ours: () -> Void, _ peer: () -> Void) -> (Throughput, Throughput) {
    var best = (Throughput(opsPerSecond: 0, bytesPerOp: bytes), Throughput(opsPerSecond: 0, bytesPerOp: bytes))
    for _ in 0..<(Bench.smoke ? 1 : 5) {
        let a = Bench.measure(bytesPerOp: bytes, seconds: 0.5, ours)
        let b = Bench.measure(bytesPerOp: bytes, seconds: 0.5, peer)
        if a.opsPerSecond > best.0.opsPerSecond { best.0 = a }
        if b.opsPerSecond > best.1.opsPerSecond { best.1 = b }
    }
    return best
}

/// permessage-deflate (`PerMessageDeflate`, through `WSMessageCodec`) against raw zlib on the same 16 KiB JSON.
func runDeflateBenchmarks() {
    let message = deflateBenchmarkMessage()
    let buffer = ByteBuffer(bytes: message)
    let allocator = ByteBufferAllocator()
    // No context takeover either way, so every iteration compresses the message from scratch, as a first message.
    let agreed = PerMessageDeflateParameters(serverNoContextTakeover: true, clientNoContextTakeover: true)
    guard let server = try? PerMessageDeflate(parameters: agreed, role: .server),
        let client = try? PerMessageDeflate(parameters: agreed, role: .client),
        let compressed = (try? client.compress(buffer, allocator: allocator)).flatMap({ $0 })
    else {
        print("deflate benchmark: codec setup failed")
        return
    }
    let peer = RawZlibPeer()
    let peerLength = peer.compress(message)
    let peerCompressed = Array(peer.output[..<peerLength])

    if Bench.selected("deflate") {
        let (ours, raw) = interleaved(bytes: message.count) {
            blackHole(try? server.compress(buffer, allocator: allocator))
        } _: {
            blackHole(peer.compress(message))
        }
        Bench.report("permessage-deflate compress 16 KiB JSON", ours, peer: raw, peerName: "raw zlib")
        print("  compressed to \(compressed.readableBytes) bytes (raw zlib \(peerLength))")
    }
    if Bench.selected("inflate") {
        var check = ByteBuffer()
        let decodedOK = (try? server.decompress(compressed, isFinal: true, into: &check, limit: 1 << 20)) != nil
            && Array(check.readableBytesView) == message && peer.decompress(peerCompressed) == message.count
        var failures = 0
        let (ours, raw) = interleaved(bytes: message.count) {
            var output = ByteBuffer()
            do { try server.decompress(compressed, isFinal: true, into: &output, limit: 1 << 20) } catch { failures += 1 }
            if output.readableBytes != message.count { failures += 1 }
            blackHole(output)
        } _: {
            blackHole(peer.decompress(peerCompressed))
        }
        Bench.report("permessage-deflate inflate 16 KiB JSON", ours, peer: raw, peerName: "raw zlib")
        // The same with the output buffer reused, as a connection that keeps its message buffer would do.
        var reused = ByteBuffer()
        reused.reserveCapacity(64 * 1024)
        let (oursReused, rawAgain) = interleaved(bytes: message.count) {
            reused.clear()
            try? server.decompress(compressed, isFinal: true, into: &reused, limit: 1 << 20)
            blackHole(reused.readableBytes)
        } _: {
            blackHole(peer.decompress(peerCompressed))
        }
        Bench.report("permessage-deflate inflate, reused buffer", oursReused, peer: rawAgain, peerName: "raw zlib")
        if !decodedOK || failures > 0 { print("  inflate benchmark: output did not match the message (\(failures))") }
    }
}
