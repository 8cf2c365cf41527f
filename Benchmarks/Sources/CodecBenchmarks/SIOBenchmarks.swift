import BenchSupport

/// Placeholder until written.
func runSIOBenchmarks() {}
