import BenchSupport

/// Placeholder until written.
func runEngineBenchmarks() {}
