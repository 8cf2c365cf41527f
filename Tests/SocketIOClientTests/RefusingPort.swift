#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback port that refuses connections and stays reserved until `release()`: a socket bound to it that never
/// listens. A port freed by shutting a server down is no good for "nothing listens here" tests, because a server
/// of a test running in parallel may take it at once.
final class RefusingPort: Sendable {
    /// The port number.
    let port: Int
    private let descriptor: Int32

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init() throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, 1, 0)  // SOCK_STREAM, by value for the same reason as the address below
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        // 127.0.0.1, port 0, as the bytes of a `sockaddr_in`: its members are not reachable by name in every
        // module of this package (the C struct may be owned by a module the tests do not import).
        var address = [UInt8](repeating: 0, count: 16)
        #if canImport(Darwin)
        address[0] = 16
        address[1] = UInt8(AF_INET)
        #else
        address[0] = UInt8(AF_INET & 0xFF)
        address[1] = UInt8((AF_INET >> 8) & 0xFF)
        #endif
        address[4] = 127
        address[7] = 1
        var length = socklen_t(address.count)
        let bound = address.withUnsafeMutableBytes { raw in
            let pointer = raw.baseAddress!.assumingMemoryBound(to: sockaddr.self)
            return bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
        guard bound else {
            close(fd)
            throw Failure(description: "bind() failed")
        }
        port = Int(address[2]) << 8 | Int(address[3])
        descriptor = fd
    }

    /// Frees the port.
    func release() { close(descriptor) }
}
