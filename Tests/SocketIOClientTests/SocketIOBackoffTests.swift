import SocketIOClient
import Testing

/// A generator that returns a fixed value, so that jitter is predictable.
struct FixedGenerator: RandomNumberGenerator {
    var value: UInt64
    mutating func next() -> UInt64 { value }
}

@Suite("SocketIOBackoff")
struct SocketIOBackoffTests {
    @Test("without jitter the delay doubles from min and stops at max")
    func doubling() {
        var backoff = SocketIOBackoff(min: .seconds(1), max: .seconds(5), jitter: 0)
        let delays = (0..<6).map { _ in backoff.duration() }
        #expect(delays == [1_000, 2_000, 4_000, 5_000, 5_000, 5_000].map { Duration.milliseconds($0) })
        #expect(backoff.attempts == 6)
        backoff.reset()
        #expect(backoff.attempts == 0)
        #expect(backoff.duration() == .seconds(1))
    }

    @Test("jitter moves each delay by at most jitter × delay, below the cap", arguments: [0.0, 0.25, 0.5, 1.0])
    func jitterBounds(jitter: Double) {
        var backoff = SocketIOBackoff(min: .milliseconds(100), max: .seconds(10), jitter: jitter)
        for attempt in 0..<8 {
            let base = 100.0 * Double(1 << attempt)
            let delay = backoff.duration()
            let ms = Double(delay.components.seconds) * 1_000 + Double(delay.components.attoseconds) / 1e15
            #expect(ms >= min((base - base * jitter).rounded(.down), 10_000) - 1)
            #expect(ms <= min(base + base * jitter, 10_000) + 1)
        }
    }

    @Test("the random draw decides the direction as in the reference (floor(rand × 10) odd → up)")
    func direction() {
        // 2^61 draws 0.125 exactly: floor(1.25) = 1 is odd, so the delay goes up by floor(0.125 × 0.5 × 1000) = 62 ms.
        var up = FixedGenerator(value: 1 << 61)
        var backoff = SocketIOBackoff(min: .seconds(1), max: .seconds(5), jitter: 0.5)
        #expect(backoff.duration(using: &up) == .milliseconds(1_062))
        // 0.25: floor(2.5) = 2 is even, so down by floor(0.25 × 0.5 × 2000) = 250 ms.
        var down = FixedGenerator(value: 1 << 62)
        #expect(backoff.duration(using: &down) == .milliseconds(1_750))
    }

    @Test("huge attempt counts stay at the cap")
    func noOverflow() {
        var backoff = SocketIOBackoff(min: .seconds(1), max: .seconds(5), jitter: 0.5)
        for _ in 0..<2_000 { _ = backoff.duration() }
        #expect(backoff.duration() <= .milliseconds(5_000))
    }
}
