#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SIOParser

extension SocketIOAppConfiguration {
    /// The largest configuration file `load(contentsOfFile:)` reads by default: 16 MiB, far above any real
    /// configuration, so a wrong path (a log, a device) fails fast instead of filling memory.
    public static let defaultMaxFileSize = 16 << 20

    /// Reads, decodes and validates the JSON configuration file at `path`; every failure is an
    /// `AppConfigurationError` whose `file` is `path`.
    public static func load(
        contentsOfFile path: String, maxFileSize: Int = defaultMaxFileSize
    ) throws(AppConfigurationError) -> SocketIOAppConfiguration {
        let bytes = try readFile(path, maxFileSize: maxFileSize)
        do {
            return try decode(json: bytes)
        } catch {
            throw error.in(file: path)
        }
    }

    /// Decodes and validates a configuration from JSON text (`decode(json: text.utf8)` for a `String`).
    ///
    /// The text is parsed by SIOParser's JSON parser (malformed text reports its byte offset, line and column) and
    /// decoded with `SIOValueDecoder`, strictly: unknown keys, wrong types and invalid values name their path.
    public static func decode(json: some Sequence<UInt8>) throws(AppConfigurationError) -> SocketIOAppConfiguration {
        let bytes = Array(json)
        let document: JSONDocument<ArraySlice<UInt8>>
        do {
            document = try JSONDocument(parsing: bytes[...])
        } catch {
            let (line, column) = position(of: error.offset, in: bytes)
            throw AppConfigurationError.malformedJSON.with(
                path: "", detail: "line \(line), column \(column): \(error.detail)", offset: error.offset)
        }
        guard document.root.kind == .object else {
            throw .wrongType.with(path: "", detail: "the configuration must be a JSON object")
        }
        let configuration: SocketIOAppConfiguration
        do {
            configuration = try SIOValueDecoder().decode(SocketIOAppConfiguration.self, from: document.root)
        } catch {
            throw AppConfigurationError(decoding: error)
        }
        try configuration.validate()
        return configuration
    }

    /// The 1-based line and column (in bytes) of `offset`.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(max(offset, 0), bytes.count) where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return (line, max(offset, 0) - lineStart + 1)
    }

    /// The whole file at `path`, at most `maxFileSize` bytes; errors carry the system's reason.
    static func readFile(_ path: String, maxFileSize: Int) throws(AppConfigurationError) -> [UInt8] {
        func failure(_ detail: String) -> AppConfigurationError {
            AppConfigurationError.unreadableFile.with(path: "", detail: detail).in(file: path)
        }
        func systemError(_ action: String) -> AppConfigurationError {
            let code = errno
            return failure("\(String(cString: strerror(code))) (errno \(code), \(action))")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw systemError("open") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw systemError("read")
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= maxFileSize else {
                throw failure("the file is larger than \(maxFileSize) bytes")
            }
            bytes.append(contentsOf: chunk[..<count])
        }
    }
}
