import SIODemoKit

print(DemoAssets.file("index.html").map { "\($0.count) bytes" } ?? "missing")
