import BenchSupport

// Each area's benchmarks live in their own file; every one prints its figure, the peer's and the ratio.
print("CodecBenchmarks\(Bench.smoke ? " (smoke run: figures are meaningless)" : "")")
runEngineBenchmarks()
runSIOBenchmarks()
runJSONBenchmarks()
runCodableBenchmarks()
