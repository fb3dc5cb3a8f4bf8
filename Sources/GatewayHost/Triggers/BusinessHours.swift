import Foundation
import HTTPTypes

/// A client's business hours: a time zone and weekly windows (`days` 0 = Sunday ... 6, `start`/`end` as `HH:MM`).
/// A trigger whose action sets `business_hours: true` acts only inside them; one due outside waits for the next window.
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

    /// Refuses windows that cannot be read, naming the field.
    func checked() throws -> BusinessHours {
        guard TimeZone(identifier: timezone) != nil else { throw Self.invalid("timezone must be an IANA time zone", field: "timezone") }
        guard !windows.isEmpty, windows.count <= 50 else { throw Self.invalid("windows takes 1 to 50 windows", field: "windows") }
        for (index, window) in windows.enumerated() {
            guard !window.days.isEmpty, window.days.allSatisfy((0...6).contains) else {
                throw Self.invalid("days are 0 (Sunday) to 6", field: "windows.\(index).days")
            }
            guard let start = Self.minutes(window.start), let end = Self.minutes(window.end), start < end else {
                throw Self.invalid("start and end are HH:MM, start before end", field: "windows.\(index).start")
            }
        }
        return self
    }

    /// Whether `date` falls inside a window.
    func isOpen(at date: Date) -> Bool {
        let (weekday, minute) = local(date)
        return windows.contains { window in
            window.days.contains(weekday) && (Self.minutes(window.start)!..<Self.minutes(window.end)!).contains(minute)
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
                let (start, end) = (Self.minutes(window.start)!, Self.minutes(window.end)!)
                guard let opening = calendar.date(byAdding: .minute, value: start, to: day), opening > date else { continue }
                if best.map({ opening < $0.0 }) ?? true { best = (opening, TimeInterval((end - start) * 60)) }
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

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...24).contains(hour), (0...59).contains(minute) else {
            return nil
        }
        let total = hour * 60 + minute
        return total <= 24 * 60 ? total : nil
    }

    private static func invalid(_ message: String, field: String) -> GatewayError {
        GatewayError(.unprocessableContent, .validationError, message, details: ["field": .string(field)])
    }
}
