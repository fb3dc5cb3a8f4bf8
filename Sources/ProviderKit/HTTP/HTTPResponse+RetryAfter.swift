import Foundation

extension HTTPResponse {
    /// The `Retry-After` header in milliseconds: delay-seconds or an HTTP date. 0 when absent or unreadable.
    public var retryAfterMs: UInt32 {
        guard let value = header("retry-after")?.trimmingCharacters(in: .whitespaces) else { return 0 }
        if let seconds = UInt32(value) { return Milliseconds.clamped(seconds: Double(seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return 0 }
        return Milliseconds.clamped(seconds: date.timeIntervalSinceNow)
    }

    /// A short, single-line excerpt of the body for error messages (providers put the reason there).
    public var bodyExcerpt: String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
