import BenchSupport

/// Placeholder until written.
func runDeflateBenchmarks() {}
