#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` on every file named on the command line, as libFuzzer would; a plain (non-fuzzer) build of a target
/// uses this as its `main`, so replaying a crasher needs no sanitizer toolchain.
public func replayFiles(_ arguments: [String], _ body: (UnsafeRawBufferPointer) -> Void) {
    for path in arguments.dropFirst() where !path.hasPrefix("-") {
        guard let file = fopen(path, "rb") else {
            print("cannot open \(path)")
            exit(2)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        fclose(file)
        bytes.withUnsafeBytes { body($0) }
        print("ok \(path)")
    }
}
