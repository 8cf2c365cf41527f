import BenchSupport

// Placeholder until the benchmarks are written.
print("no benchmarks yet")
