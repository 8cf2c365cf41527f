/// The serializers' output: a fixed stack staging buffer written through a raw pointer, flushed into the caller's
/// `[UInt8]` when full and at the end.
///
/// Appending to an `Array` byte by byte pays a uniqueness check and a capacity check per call and grows the array
/// several times for a 1 KiB payload; here a token costs one bounds comparison and a store or a `memcpy`, and the
/// caller's array grows once per flush (once in total for any payload that fits the staging buffer).
struct JSONSink: ~Copyable {
    /// Bytes staged on the stack before a flush. The standard library places temporary allocations up to 1 KiB on
    /// the stack unconditionally; larger ones may cost a `malloc`, which is what staging avoids.
    static let stagingCapacity = 1024

    /// The most bytes `reserve(_:)` may be asked for: every fixed-size token (numbers, escapes, literals) fits.
    static let maxReservation = 64

    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    /// The caller's array, moved in for the duration (so flushing appends to a uniquely referenced buffer).
    private var output: [UInt8]

    private init(base: UnsafeMutablePointer<UInt8>, capacity: Int, output: consuming [UInt8]) {
        self.base = base
        self.capacity = capacity
        self.output = output
    }

    /// Runs `body` with a sink that appends to `out`; everything it wrote is in `out` when this returns.
    static func write<R>(into out: inout [UInt8], _ body: (inout JSONSink) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stagingCapacity) { staging in
            if let base = staging.baseAddress {
                return run(base: base, capacity: staging.count, out: &out, body)
            }
            // Never taken (the capacity is not zero), but a heap buffer keeps this total without a force-unwrap.
            let heap = UnsafeMutablePointer<UInt8>.allocate(capacity: stagingCapacity)
            defer { heap.deallocate() }
            return run(base: heap, capacity: stagingCapacity, out: &out, body)
        }
    }

    private static func run<R>(
        base: UnsafeMutablePointer<UInt8>, capacity: Int, out: inout [UInt8], _ body: (inout JSONSink) -> R
    ) -> R {
        var sink = JSONSink(base: base, capacity: capacity, output: [])
        swap(&sink.output, &out)
        let result = body(&sink)
        sink.flush(final: true)
        swap(&sink.output, &out)
        return result
    }

    /// Moves the staged bytes to the output.
    private mutating func flush(final: Bool = false) {
        guard count > 0 else { return }
        // A full staging buffer means a large payload: grow the output ahead so later flushes do not reallocate.
        if !final && output.capacity - output.count < count { output.reserveCapacity(output.count + 4 * capacity) }
        if output.capacity == 0 {
            // The usual case (a fresh output array): one exact allocation, without the growth path of `append`.
            output = Array(UnsafeBufferPointer(start: base, count: count))
        } else {
            output.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        }
        count = 0
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { flush() }
        base[count] = byte
        count += 1
    }

    /// Appends two bytes (a structural pair such as `":` or `\n`).
    @inline(__always)
    mutating func append(_ first: UInt8, _ second: UInt8) {
        if capacity - count < 2 { flush() }
        base[count] = first
        base[count + 1] = second
        count += 2
    }

    /// Appends `n` bytes from `source`; a run longer than the staging buffer goes straight to the output.
    @inline(__always)
    mutating func append(_ source: UnsafeRawPointer, count n: Int) {
        if n > capacity - count {
            flush()
            if n > capacity {
                output.append(contentsOf: UnsafeRawBufferPointer(start: source, count: n))
                return
            }
        }
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: n)
        count += n
    }

    /// Appends the bytes of a buffer.
    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        append(source, count: bytes.count)
    }

    /// Room for `n <= maxReservation` bytes at the returned pointer; `commit` says how many were written.
    @inline(__always)
    mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if n > capacity - count { flush() }
        return base + count
    }

    /// Marks `n` bytes written after `reserve`.
    @inline(__always)
    mutating func commit(_ n: Int) {
        count += n
    }
}
