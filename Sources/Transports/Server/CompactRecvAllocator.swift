import NIOCore

/// Sizes a connection's reads like NIO's `AdaptiveRecvByteBufferAllocator` (double after a full read, halve after
/// two reads that used at most half), in 16 bytes.
///
/// A channel stores its receive allocator as an existential: NIO's adaptive allocator (five words) needs a heap box
/// per connection, this one fits the existential's inline buffer, so switching a connection to it allocates nothing.
struct CompactRecvAllocator: RecvByteBufferAllocator {
    /// The smallest read size, a power of two.
    let minimum: UInt32
    /// The largest read size, a power of two.
    let maximum: UInt32
    /// The size of the next read.
    private(set) var next: UInt32
    /// Whether the last read already used at most half of its buffer.
    private var shrinkPending = false

    /// Reads start at `initial` and stay within `minimum...maximum` (each rounded to a power of two, at most 1 GiB).
    init(minimum: Int, initial: Int, maximum: Int) {
        let cap = 1 << 30
        let minimum = Self.powerOfTwo(atMost: max(1, min(minimum, cap)))
        let maximum = max(minimum, Self.powerOfTwo(atLeast: max(1, min(maximum, cap))))
        self.minimum = UInt32(minimum)
        self.maximum = UInt32(maximum)
        self.next = UInt32(min(max(Self.powerOfTwo(atMost: max(1, min(initial, cap))), minimum), maximum))
    }

    func buffer(allocator: ByteBufferAllocator) -> ByteBuffer {
        allocator.buffer(capacity: Int(next))
    }

    func nextBufferSize() -> Int? {
        Int(next)
    }

    mutating func record(actualReadBytes: Int) -> Bool {
        let half = next >> 1
        if actualReadBytes <= Int(half) && half >= minimum {
            if shrinkPending {
                next = half
                shrinkPending = false
            } else {
                shrinkPending = true
            }
            return false
        }
        shrinkPending = false
        if actualReadBytes >= Int(next) && next < maximum {
            next = min(next << 1, maximum)
            return true
        }
        return false
    }

    private static func powerOfTwo(atMost value: Int) -> Int {
        1 << (Int.bitWidth - 1 - value.leadingZeroBitCount)
    }

    private static func powerOfTwo(atLeast value: Int) -> Int {
        let lower = powerOfTwo(atMost: value)
        return lower == value ? value : lower << 1
    }
}
