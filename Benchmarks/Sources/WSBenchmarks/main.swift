import BenchSupport

// Framing against NIOWebSocket, permessage-deflate against raw zlib; same process, same bytes.
print("WSBenchmarks\(Bench.smoke ? " (smoke run: figures are meaningless)" : "")")
runFramingBenchmarks()
runDeflateBenchmarks()
