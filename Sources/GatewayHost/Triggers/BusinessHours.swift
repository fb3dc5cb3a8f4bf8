import Foundation

/// A client's business hours: a time zone and weekly windows (`days` 0 = Sunday ... 6, `start`/`end` as `HH:MM`). A
/// window opens at `start` on each of its days; one whose `end` is not after its `start` closes the next day (a night
/// shift, 22:00-06:00), and `start` equal to `end` is open a whole day. A trigger whose action sets
/// `business_hours: true` acts only inside them; one due outside waits for the next window.
package struct BusinessHours: Codable, Sendable, Equatable {
    package struct Window: Codable, Sendable, Equatable {
        let days: [Int]
        let start: String
        let end: String
    }

    let timezone: String
    let windows: [Window]

    /// The longest a deferred action is spread into its window, so a backlog does not go out in one second.
    static let maxJitter: TimeInterval = 600

    /// The zones a client may name: the IANA identifiers (with `UTC`, which Linux does not list), as the OpenAPI
    /// document lists them.
    static let timeZones = Set(TimeZone.knownTimeZoneIdentifiers + ["UTC"]).sorted()
    /// `HH:MM` from 00:00 to 24:00, as the OpenAPI document states it.
    static let timePattern = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"

    /// Refuses windows that cannot be read, naming the field.
    func checked() throws -> BusinessHours {
        guard Self.timeZones.contains(timezone) else { throw Self.invalid("timezone must be an IANA time zone", field: "timezone") }
        guard !windows.isEmpty, windows.count <= 50 else { throw Self.invalid("windows takes 1 to 50 windows", field: "windows") }
        for (index, window) in windows.enumerated() {
            guard !window.days.isEmpty, window.days.allSatisfy((0...6).contains) else {
                throw Self.invalid("days are 0 (Sunday) to 6", field: "windows.\(index).days")
            }
            for (time, name) in [(window.start, "start"), (window.end, "end")] where Self.minutes(time) == nil {
                throw Self.invalid("\(name) is HH:MM, 00:00 to 24:00", field: "windows.\(index).\(name)")
            }
        }
        return self
    }

    /// Whether `date` falls inside a window: one opened today, or a night window opened yesterday.
    func isOpen(at date: Date) -> Bool {
        let (weekday, minute) = local(date)
        return windows.contains { window in
            let (start, length) = Self.span(window)
            let yesterday = (weekday + 6) % 7
            return (window.days.contains(weekday) && minute >= start && minute - start < length)
                || (window.days.contains(yesterday) && minute + 24 * 60 - start < length)
        }
    }

    /// When the next window opens after `date` (within a week), with the window's length for spreading.
    func nextOpening(after date: Date) -> (at: Date, length: TimeInterval)? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timezone) ?? .gmt
        let startOfDay = calendar.startOfDay(for: date)
        var best: (Date, TimeInterval)?
        for offset in 0...7 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: startOfDay) else { continue }
            let weekday = calendar.component(.weekday, from: day) - 1
            for window in windows where window.days.contains(weekday) {
                let (start, length) = Self.span(window)
                guard let opening = calendar.date(byAdding: .minute, value: start, to: day), opening > date else { continue }
                if best.map({ opening < $0.0 }) ?? true { best = (opening, TimeInterval(length * 60)) }
            }
            if best != nil { return best }
        }
        return best
    }

    private func local(_ date: Date) -> (weekday: Int, minute: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timezone) ?? .gmt
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        return ((parts.weekday ?? 1) - 1, (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    /// When a checked window opens (minutes after midnight) and how many minutes it stays open.
    private static func span(_ window: Window) -> (start: Int, length: Int) {
        let (start, end) = (minutes(window.start)!, minutes(window.end)!)
        return (start % (24 * 60), end > start ? end - start : end - start + 24 * 60)
    }

    /// Minutes after midnight of a time `timePattern` accepts, else nil.
    private static func minutes(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        let digits = [0, 1, 3, 4].compactMap { bytes.count == 5 && (48...57).contains(bytes[$0]) ? Int(bytes[$0] - 48) : nil }
        guard digits.count == 4, bytes[2] == UInt8(ascii: ":") else { return nil }
        let (hour, minute) = (digits[0] * 10 + digits[1], digits[2] * 10 + digits[3])
        guard minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }

    private static func invalid(_ message: String, field: String) -> BusinessHoursError {
        BusinessHoursError(message: message, field: field)
    }
}
