#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOHTTP1
public import SIOParser
import Transports

extension SocketHandshake {
    /// The handshake of a socket: the Engine.IO request, the CONNECT's auth, and when the socket connected.
    init(request: EngineRequestHead, auth: JSONValue, issued: Int64) {
        var query: [String: String] = [:]
        for (name, value) in request.query { query[name] = value }
        self.init(
            headers: request.headers,
            time: Self.javaScriptDate(milliseconds: issued),
            address: request.remoteAddress?.ipAddress ?? "",
            xdomain: request.headers.first(name: "origin") != nil,
            secure: request.isSecure,
            issued: issued,
            url: request.uri,
            query: query,
            auth: auth)
    }

    /// The handshake as JSON, as it travels between nodes (header names lowercased, as Node keeps them).
    public var jsonValue: JSONValue {
        var headerObject = JSONObject()
        for header in headers { headerObject[header.name.lowercased()] = .string(header.value) }
        var queryObject = JSONObject()
        for (name, value) in query.sorted(by: { $0.key < $1.key }) { queryObject[name] = .string(value) }
        return .object([
            "headers": .object(headerObject), "time": .string(time), "address": .string(address),
            "xdomain": .bool(xdomain), "secure": .bool(secure), "issued": .int(issued), "url": .string(url),
            "query": .object(queryObject), "auth": auth,
        ])
    }

    /// Milliseconds since 1970 now.
    static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// The date as JavaScript's `Date.prototype.toString` shows it in UTC:
    /// `Sun Nov 22 2026 02:19:04 GMT+0000 (Coordinated Universal Time)`.
    static func javaScriptDate(milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (proleptic Gregorian).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = Int((days % 7 + 11) % 7)  // 1970-01-01 was a Thursday
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = year >= 0 && year < 1000 ? String(repeating: "0", count: 4 - "\(year)".count) + "\(year)" : "\(year)"
        return "\(weekdays[weekday]) \(months[Int(month) - 1]) \(two(day)) \(yearText) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) "
            + "GMT+0000 (Coordinated Universal Time)"
    }
}
