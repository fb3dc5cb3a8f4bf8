import Foundation

/// The five-field cron syntax schedules use (`minute hour day-of-month month day-of-week`): each field `*`, a number,
/// a range `a-b`, a step `*/n` or `a-b/n`, or a list of those; days of the week 0-7 (0 and 7 are Sunday). As in cron,
/// when both day fields are restricted a day matches either.
struct CronExpression: Sendable, Equatable {
    static let ranges: [ClosedRange<Int>] = [0...59, 0...23, 1...31, 1...12, 0...7]

    private let minutes: Set<Int>
    private let hours: Set<Int>
    private let days: Set<Int>
    private let months: Set<Int>
    private let weekdays: Set<Int>
    private let daysRestricted: Bool
    private let weekdaysRestricted: Bool

    init?(_ expression: String) {
        let fields = expression.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else { return nil }
        var sets: [Set<Int>] = []
        for (field, range) in zip(fields, Self.ranges) {
            var values: Set<Int> = []
            for part in field.split(separator: ",", omittingEmptySubsequences: false) {
                guard let expanded = Self.expand(String(part), range) else { return nil }
                values.formUnion(expanded)
            }
            sets.append(values)
        }
        (minutes, hours, days, months) = (sets[0], sets[1], sets[2], sets[3])
        weekdays = Set(sets[4].map { $0 % 7 })  // 7 is Sunday, as 0 is
        daysRestricted = !fields[2].hasPrefix("*")
        weekdaysRestricted = !fields[4].hasPrefix("*")
    }

    /// Whether the minute that holds `date` is one of the schedule's, read on the wall clock of `zone`.
    func matches(_ date: Date, in zone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: date)
        guard let minute = parts.minute, let hour = parts.hour, let day = parts.day, let month = parts.month, let weekday = parts.weekday else {
            return false
        }
        guard minutes.contains(minute), hours.contains(hour), months.contains(month) else { return false }
        let dayMatches = days.contains(day)
        let weekdayMatches = weekdays.contains(weekday - 1)  // Calendar counts Sunday as 1
        if daysRestricted && weekdaysRestricted { return dayMatches || weekdayMatches }
        return dayMatches && weekdayMatches
    }

    /// The first minute after `date` the schedule names, looked for up to `days` ahead.
    func next(after date: Date, in zone: TimeZone, days: Int = 31) -> Date? {
        let start = (date.timeIntervalSince1970 / 60).rounded(.down) + 1
        return (0..<(days * 1_440)).lazy.map { Date(timeIntervalSince1970: (start + Double($0)) * 60) }.first { matches($0, in: zone) }
    }

    private static func expand(_ text: String, _ range: ClosedRange<Int>) -> Set<Int>? {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count) else { return nil }
        var step = 1
        if pieces.count == 2 {
            guard let given = number(pieces[1]), given >= 1, given <= range.upperBound else { return nil }
            step = given
        }
        let base = String(pieces[0])
        let bounds: ClosedRange<Int>
        if base == "*" {
            bounds = range
        } else {
            let ends = base.split(separator: "-", omittingEmptySubsequences: false).map(number)
            switch ends.count {
            case 1:
                guard let value = ends[0], range.contains(value) else { return nil }
                bounds = value...(pieces.count == 2 ? range.upperBound : value)  // `5/15` is 5, 20, 35, 50
            case 2:
                guard let low = ends[0], let high = ends[1], range.contains(low), range.contains(high), low <= high else { return nil }
                bounds = low...high
            default: return nil
            }
        }
        return Set(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
    }

    /// Decimal digits only (`Int` would also take a sign).
    private static func number(_ text: Substring) -> Int? {
        text.allSatisfy { $0.isASCII && $0.isNumber } ? Int(text) : nil
    }

    /// The syntax as a regular expression for the OpenAPI document: every number within its field's range (leading
    /// zeros allowed, as the parser takes them); only that a range's start is not after its end is left to the parser.
    static var pattern: String {
        let fields = ranges.map { range in
            let value = numbers(range)
            let part = #"(\*|\#(value)|\#(value)-\#(value))(/\#(numbers(1...range.upperBound)))?"#
            return "\(part)(,\(part))*"
        }
        return "^ *" + fields.joined(separator: " +") + " *$"
    }

    private static func numbers(_ range: ClosedRange<Int>) -> String {
        "0*(" + range.map(String.init).joined(separator: "|") + ")"
    }
}
