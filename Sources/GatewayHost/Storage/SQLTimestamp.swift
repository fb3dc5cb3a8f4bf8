import Foundation

/// Timestamps as the stores write and read them: SQLite keeps ISO 8601 text, PostgreSQL answers
/// `2026-11-22 10:00:00.123+00` (DateStyle ISO, TimeZone UTC); both parse here.
enum SQLTimestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func format(_ date: Date) -> String {
        date.formatted(style)
    }

    static func parse(_ text: String) -> Date? {
        var normalised = text.replacingOccurrences(of: " ", with: "T")
        if normalised.hasSuffix("+00") { normalised = String(normalised.dropLast(3)) + "Z" }
        if !normalised.contains(".") { normalised = normalised.replacingOccurrences(of: "Z", with: ".000Z") }
        return try? style.parse(normalised)
    }
}
