/// The reconnection delay: exponential with jitter, the reference client's `Backoff` (factor 2).
///
/// Attempt `n` waits `min * 2^n`, moved up or down by a random fraction (at most `jitter`) of itself, capped at
/// `max`.
public struct SocketIOBackoff: Sendable {
    /// The first delay.
    public var min: Duration
    /// The largest delay.
    public var max: Duration
    /// The largest fraction a delay moves by, in 0...1.
    public var jitter: Double
    /// Attempts since the last `reset()`.
    public private(set) var attempts: Int = 0

    /// A backoff starting at `min`, capped at `max`, with `jitter` (clamped to 0...1).
    public init(min: Duration, max: Duration, jitter: Double) {
        self.min = min
        self.max = max
        self.jitter = Swift.min(Swift.max(jitter, 0), 1)
    }

    /// The next delay, using the system random number generator.
    public mutating func duration() -> Duration {
        var generator = SystemRandomNumberGenerator()
        return duration(using: &generator)
    }

    /// The next delay, using `generator` (for tests); counts an attempt.
    public mutating func duration(using generator: inout some RandomNumberGenerator) -> Duration {
        let base = Double(milliseconds(min))
        var ms = base * pow2(attempts)
        attempts &+= 1
        // An infinite base would make the jitter NaN (the reference then returns 0); the cap applies instead.
        guard ms.isFinite else { return max }
        if jitter > 0 {
            // 53 random bits in 0..<1, spelled out so that a test's generator gives a known draw.
            let random = Double(generator.next() >> 11) * 0x1p-53
            let deviation = (random * jitter * ms).rounded(.down)
            ms = Int(random * 10) & 1 == 0 ? ms - deviation : ms + deviation
        }
        let capped = Swift.min(ms, Double(milliseconds(max)))
        return .milliseconds(Int64(Swift.max(capped, 0)))
    }

    /// Starts counting attempts again (after a successful reconnection).
    public mutating func reset() { attempts = 0 }

    private func pow2(_ exponent: Int) -> Double {
        exponent >= 1024 ? .infinity : Double(sign: .plus, exponent: exponent, significand: 1)
    }

    private func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
