import BenchSupport

/// Placeholder until written.
func runFramingBenchmarks() {}
