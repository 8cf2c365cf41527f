import BenchSupport

/// Placeholder until written.
func runJSONBenchmarks() {}
