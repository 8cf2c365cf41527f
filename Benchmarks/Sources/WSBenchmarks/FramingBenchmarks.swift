import BenchSupport
import NIOCore
import NIOEmbedded
import NIOWebSocket
import WSFraming

/// Frames per measured batch: both sides parse the same buffer of this many back-to-back frames per operation
/// (64 small frames, as one socket read would carry; one frame from 16 KiB up, as one read carries one frame).
private func framesPerBatch(_ size: Int) -> Int { size <= 1024 ? 64 : 1 }

/// `count` masked binary frames of `size` bytes each, back to back, with varying keys.
private func maskedFrames(size: Int, count: Int) -> ByteBuffer {
    var buffer = ByteBufferAllocator().buffer(capacity: (size + 14) * count)
    for i in 0..<count {
        let payload = ByteBuffer(bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &+ i) })
        let key = WSMaskKey(UInt8(truncatingIfNeeded: i), 0x5A, 0xC3, 0x11)
        WSFrameEncoder.write(WSFrame(opcode: .binary, maskKey: key, payload: payload), to: &buffer)
    }
    return buffer
}

/// The tail of NIO's pipeline: unmasks every frame (`unmaskedData`, NIO's unmasking API) and counts it.
private final class UnmaskingSink: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    var frames = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        blackHole(frame.unmaskedData)
        frames += 1
    }
}

/// Decode + unmask of masked binary frames: ours in place vs NIOWebSocket through an EmbeddedChannel pipeline.
private func decodeBenchmark(size: Int) {
    let name = "decode+unmask \(size) B masked binary"
    guard Bench.selected(name) else { return }
    let count = framesPerBatch(size)
    let template = maskedFrames(size: size, count: count)

    // Ours: the same storage every round (unmasking in place flips it between masked and plain; both are work).
    // A private copy, so its storage is uniquely owned and the parser may unmask in place.
    var input = ByteBuffer(bytes: Array(template.readableBytesView))
    var parser = WSFrameParser(role: .server, limits: WSLimits(maxFrameSize: 1 << 21, maxMessageSize: 1 << 21, maxFragmentsPerMessage: 1))
    let ours = Bench.measure(bytesPerOp: size * count) {
        input.moveReaderIndex(to: 0)
        var frames = 0
        do {
            while let frame = try parser.parseStep(&input) {
                blackHole(frame.payload.readableBytes)
                frames += 1
            }
        } catch {
            fatalError("benchmark input failed to parse: \(error)")
        }
        precondition(frames == count)
    }

    let sink = UnmaskingSink()
    let channel = EmbeddedChannel()
    try! channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 21)))
    try! channel.pipeline.syncOperations.addHandler(sink)
    let peer = Bench.measure(bytesPerOp: size * count) {
        try! channel.writeInbound(template)
    }
    precondition(sink.frames > 0)
    Bench.report(name, scaled(ours, count), peer: scaled(peer, count), peerName: "NIOWebSocket")
}

/// Reports per frame: one operation above is `count` frames.
private func scaled(_ throughput: Throughput, _ count: Int) -> Throughput {
    Throughput(opsPerSecond: throughput.opsPerSecond * Double(count), bytesPerOp: throughput.bytesPerOp / count)
}

/// Frame encoding: ours (server: header value + shared payload; client: masked copy) vs NIO's WebSocketFrameEncoder.
private func encodeBenchmark(size: Int, role: WSRole) {
    let name = "encode \(size) B binary, \(role == .server ? "server (unmasked)" : "client (masked)")"
    guard Bench.selected(name) else { return }
    let payload = ByteBuffer(bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0) })
    let encoder = WSFrameEncoder(role: role)
    let allocator = ByteBufferAllocator()
    let ours = Bench.measure(bytesPerOp: size) {
        blackHole(encoder.encode(opcode: .binary, payload: payload, allocator: allocator))
    }
    let channel = EmbeddedChannel()
    try! channel.pipeline.syncOperations.addHandler(WebSocketFrameEncoder())
    let peer = Bench.measure(bytesPerOp: size) {
        let key: WebSocketMaskingKey? = role == .client ? .random() : nil
        try! channel.writeOutbound(WebSocketFrame(fin: true, opcode: .binary, maskKey: key, data: payload))
        while let out = try! channel.readOutbound(as: ByteBuffer.self) { blackHole(out) }
    }
    Bench.report(name, ours, peer: peer, peerName: "NIOWebSocket")
}

/// UTF-8 validation of a 16 KiB text: ours vs the standard library's `String(validating:as:)`.
private func utf8Benchmark(_ label: String, _ text: String) {
    let name = "UTF-8 validate \(label)"
    guard Bench.selected(name) else { return }
    let buffer = ByteBuffer(string: text)
    let ours = Bench.measure(bytesPerOp: buffer.readableBytes) {
        var validator = UTF8Validator()
        do {
            try validator.validate(buffer)
            try validator.finish()
        } catch {
            fatalError("benchmark text is valid")
        }
        blackHole(validator.validatedCount)
    }
    let peer = Bench.measure(bytesPerOp: buffer.readableBytes) {
        blackHole(buffer.withUnsafeReadableBytes { String(validating: $0, as: UTF8.self) != nil })
    }
    Bench.report(name, ours, peer: peer, peerName: "stdlib")
}

/// Masking alone, in place, 16 KiB (the figure behind the decode goal).
private func maskBenchmark(size: Int) {
    let name = "mask in place \(size) B"
    guard Bench.selected(name) else { return }
    var bytes = [UInt8](repeating: 0x41, count: size)
    let key = WSMaskKey(0x37, 0xFA, 0x21, 0x3D)
    let ours = Bench.measure(bytesPerOp: size) {
        bytes.withUnsafeMutableBytes { WSMasking.apply(key, to: $0) }
        blackHole(bytes[0])
    }
    var buffer = ByteBuffer(bytes: bytes)
    let nioKey: WebSocketMaskingKey = [0x37, 0xFA, 0x21, 0x3D]
    let peer = Bench.measure(bytesPerOp: size) {
        buffer.webSocketMask(nioKey)
        blackHole(buffer.readableBytes)
    }
    Bench.report(name, ours, peer: peer, peerName: "NIOWebSocket")
}

/// WebSocket framing against NIOWebSocket (same process, same bytes) and UTF-8 against the standard library.
func runFramingBenchmarks() {
    for size in [125, 16_384, 1_048_576] { decodeBenchmark(size: size) }
    maskBenchmark(size: 16_384)
    for size in [125, 16_384] { encodeBenchmark(size: size, role: .server) }
    encodeBenchmark(size: 16_384, role: .client)
    let ascii = String(repeating: "{\"event\":\"message\",\"data\":[1,2,3]}", count: 482)
    let mixed = String(repeating: "Grüße, κόσμε — 你好 🌍 ok; ", count: 420)
    utf8Benchmark("16 KiB ASCII", ascii)
    utf8Benchmark("16 KiB mixed", mixed)
}
