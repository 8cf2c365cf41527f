#if canImport(Glibc)
import Glibc
#endif

/// A throughput figure: operations per second and, when the operation has a byte size, MB/s (10^6 bytes).
public struct Throughput: Sendable {
    /// Operations per second.
    public var opsPerSecond: Double
    /// Bytes per operation (0 when not meaningful).
    public var bytesPerOp: Int
    /// Megabytes (10^6) per second.
    public var megabytesPerSecond: Double { opsPerSecond * Double(bytesPerOp) / 1e6 }

    /// A figure measured elsewhere (a peer process) or here.
    public init(opsPerSecond: Double, bytesPerOp: Int) {
        self.opsPerSecond = opsPerSecond
        self.bytesPerOp = bytesPerOp
    }
}

/// Minimal timing harness: batches of calls until a time budget is spent, best batch rate wins.
public enum Bench {
    /// `--smoke` on the command line: run every benchmark for a few milliseconds, only to show that it works.
    public static let smoke = CommandLine.arguments.contains("--smoke")
    /// `--filter X`: run only benchmarks whose name contains X.
    public static let filter: String? = {
        let args = CommandLine.arguments
        guard let i = args.firstIndex(of: "--filter"), i + 1 < args.count else { return nil }
        return args[i + 1]
    }()

    /// Whether a benchmark called `name` should run.
    public static func selected(_ name: String) -> Bool {
        guard let filter else { return true }
        return name.contains(filter)
    }

    /// Seconds on the monotonic clock.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `body` repeatedly for about `seconds` (5 rounds, best round reported) and returns its throughput.
    /// `body` performs one operation and must feed its result to `blackHole` so the optimiser keeps it.
    public static func measure(bytesPerOp: Int = 0, seconds: Double = 1.0, _ body: () -> Void) -> Throughput {
        let budget = smoke ? 0.01 : seconds
        // Calibrate a batch size that takes about 10 ms.
        var batch = 1
        while true {
            let start = now()
            for _ in 0..<batch { body() }
            let elapsed = now() - start
            if elapsed > 0.01 || batch >= 1 << 30 { break }
            batch *= 2
        }
        var best = 0.0
        let rounds = smoke ? 1 : 5
        for _ in 0..<rounds {
            let roundEnd = now() + budget / Double(rounds)
            var ops = 0
            let start = now()
            repeat {
                for _ in 0..<batch { body() }
                ops += batch
            } while now() < roundEnd
            best = max(best, Double(ops) / (now() - start))
        }
        return Throughput(opsPerSecond: best, bytesPerOp: bytesPerOp)
    }

    /// Prints one result line: ours, the peer's (if any) and ours/peer.
    public static func report(_ name: String, _ ours: Throughput, peer: Throughput? = nil, peerName: String = "peer") {
        var line = pad(name, 44) + pad(format(ours.opsPerSecond) + " ops/s", 18)
        if ours.bytesPerOp > 0 { line += pad(format(ours.megabytesPerSecond) + " MB/s", 16) } else { line += pad("", 16) }
        if let peer {
            line += "| \(peerName) " + pad(format(peer.opsPerSecond) + " ops/s", 18)
            if peer.bytesPerOp > 0 { line += pad(format(peer.megabytesPerSecond) + " MB/s", 16) }
            line += "| ratio " + String(format2(ours.opsPerSecond / max(peer.opsPerSecond, 1e-9))) + "x"
        }
        print(line)
        fflush(nil)
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    /// Three significant figures with a k/M/G suffix.
    public static func format(_ value: Double) -> String {
        let units: [(Double, String)] = [(1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (scale, suffix) in units where value >= scale {
            return format2(value / scale) + suffix
        }
        return format2(value)
    }

    private static func format2(_ value: Double) -> String {
        let digits = value >= 100 ? 0 : (value >= 10 ? 1 : 2)
        var scaled = value
        for _ in 0..<digits { scaled *= 10 }
        var text = String(Int(scaled.rounded()))
        if digits > 0 {
            while text.count <= digits { text = "0" + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return text
    }
}

/// Keeps a value alive past the optimiser.
@inline(never)
public func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
