import BenchSupport
import NIOCore
import NIOPosix
import SIOParser
import SIOParserNIO
import SocketIO
import Transports

#if canImport(Glibc)
import Glibc
#endif

// The Socket.IO server's own CPU cost per echo ack and per broadcast delivery, in process: in-memory WebSocket
// transports on one event loop, the load generator's messages (shared/tools/loadgen) handed to the sessions and
// the server's frames counted. Kernel and NIO pipeline costs are left out, so this is the part our code controls.
//
// The peer figure is Node socket.io 4.8.3's whole-server rate from the loadgen README (1,000 clients, kernel
// included): the ratio says how much of Node's per-operation budget our user-space path spends, not a like-for-like
// comparison.
print("SIOServerBenchmarks\(Bench.smoke ? " (smoke run: figures are meaningless)" : "")")

let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let loop = group.next()

var options = SocketIOServerOptions()
options.engine.pingInterval = .seconds(600)
options.engine.pingTimeout = .seconds(600)
options.connectTimeout = .seconds(600)
let io = SocketIOServer(options: options)
// The load generator's app (Examples/SIOConformanceServer/SocketIOApp.swift), the handlers it exercises.
io.sockets.on("message-with-ack") { (_: Socket, arguments: SIOArguments, ack: SocketAck?) in
    ack?.send(arguments: arguments)
}
io.sockets.on("join") { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) in
    guard let room = try? arguments.decode(String.self, at: 0), socket.joinNow(room) else { return }
    ack?(room)
}
io.sockets.on("broadcast") { (socket: Socket, arguments: SIOArguments, ack: SocketAck?) in
    guard let room = try? arguments.decode(String.self, at: 0) else { return }
    try? socket.namespace.to(room).emit(encoded: arguments.encodedEvent("broadcast", droppingFirst: 1))
    if let size = socket.namespace.countNow(in: [room]) { ack?(size) }
}

/// Opens a session and connects it to `/`, on the loop.
func connectClient() -> MemoryTransport {
    let upgrade = MemoryUpgrade(eventLoop: loop)
    let head = EngineRequestHead(
        method: .GET, uri: "/socket.io/?EIO=4&transport=websocket", headers: [:],
        remoteAddress: try? SocketAddress(ipAddress: "127.0.0.1", port: 40_000))
    io.engine.handleUpgrade(head, upgrade: upgrade)
    upgrade.transport.receive(ByteBuffer(string: "40"))
    return upgrade.transport
}

/// Runs `body` on the loop and waits for its result.
func onLoop<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
    try! loop.submit(body).wait()
}

/// Waits until `condition` (checked on the loop) holds: connecting and joining finish in tasks and loop turns.
func waitFor(_ what: String, _ condition: @escaping @Sendable () -> Bool) {
    for _ in 0..<5_000 {
        if onLoop(condition) { return }
        usleep(1_000)
    }
    fatalError("benchmark setup: \(what) did not happen")
}

/// Sends `text` and waits for `answer` to be the client's last written message.
func exchange(_ client: MemoryTransport, _ text: String, answer: @escaping @Sendable (String) -> Bool) {
    onLoop { client.receive(ByteBuffer(string: text)) }
    waitFor("an answer to \(text)") { client.last.map(answer) ?? false }
}

let payload = String(repeating: "x", count: 32)

/// `--count N`: run each operation exactly N times, untimed, so that a counter outside the process (allocations
/// with `perf stat -e probe_libc:malloc`) can be divided by N: runs with two counts give the cost per operation.
let fixedCount: Int? = {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: "--count"), i + 1 < args.count else { return nil }
    return Int(args[i + 1])
}()

/// Seconds of CPU this thread used: the machine is shared, so wall time would count other processes' turns.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Operations per CPU-second of `body`: batches of about 10 ms, 7 rounds, the best round (the least disturbed by
/// cache and core sharing) reported.
func measureCPU(bytesPerOp: Int = 0, _ body: () -> Void) -> Throughput {
    if let count = fixedCount {
        for _ in 0..<count { body() }
        return Throughput(opsPerSecond: 0, bytesPerOp: bytesPerOp)
    }
    var batch = 1
    while true {
        let start = threadCPUSeconds()
        for _ in 0..<batch { body() }
        if threadCPUSeconds() - start > 0.01 || batch >= 1 << 24 { break }
        batch *= 2
    }
    var best = 0.0
    for _ in 0..<(Bench.smoke ? 1 : 7) {
        var ops = 0
        let start = threadCPUSeconds()
        repeat {
            for _ in 0..<batch { body() }
            ops += batch
        } while threadCPUSeconds() - start < (Bench.smoke ? 0.01 : 0.15)
        best = max(best, Double(ops) / (threadCPUSeconds() - start))
    }
    return Throughput(opsPerSecond: best, bytesPerOp: bytesPerOp)
}

if Bench.selected("echo") {
    let client = onLoop { connectClient() }
    waitFor("the connection") { client.last?.hasPrefix("40{") == true }
    let message = #"4212["message-with-ack","\#(payload)"]"#
    exchange(client, message) { $0 == #"4312["\#(payload)"]"# }
    let ours = onLoop { () -> Throughput in
        client.keepLast = false
        let buffer = ByteBuffer(string: message)
        return measureCPU(bytesPerOp: buffer.readableBytes) { client.receive(buffer) }
    }
    Bench.report(
        "echo acks per CPU-s (in-memory server path)", ours, peer: Throughput(opsPerSecond: 34_600, bytesPerOp: 0),
        peerName: "node whole-server /CPU-s")
}

if Bench.selected("broadcast") {
    let members = 200
    let clients = onLoop { (0...members).map { _ in connectClient() } }
    for client in clients {
        waitFor("the connections") { client.last?.hasPrefix("40{") == true }
    }
    for client in clients.dropFirst() {
        exchange(client, #"421["join","load"]"#) { $0 == #"431["load"]"# }
    }
    let sender = clients[0]
    let message = #"427["broadcast","load","b|1|1.5|\#(payload)"]"#
    exchange(sender, message) { $0 == "437[\(members)]" }
    let expected = #"42["broadcast","b|1|1.5|\#(payload)"]"#
    waitFor("the deliveries") { clients.dropFirst().allSatisfy { $0.last == expected } }
    let ours = onLoop { () -> Throughput in
        for client in clients { client.keepLast = false }
        let buffer = ByteBuffer(string: message)
        let rate = measureCPU { sender.receive(buffer) }
        // One operation delivers to every member.
        return Throughput(opsPerSecond: rate.opsPerSecond * Double(members), bytesPerOp: expected.utf8.count + 2)
    }
    Bench.report(
        "broadcast deliveries per CPU-s (in-memory, 200)", ours,
        peer: Throughput(opsPerSecond: 104_000, bytesPerOp: 0), peerName: "node whole-server /CPU-s")
}

try? group.syncShutdownGracefully()
