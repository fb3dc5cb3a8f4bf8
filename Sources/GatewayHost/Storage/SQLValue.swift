package import Foundation

/// A parameter bound to a statement. Both backends take the same values; dates travel as ISO 8601 text in UTC.
package enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case date(Date)

    /// `.null` for nil, otherwise the text.
    package static func text(_ value: String?) -> SQLValue {
        value.map(SQLValue.text) ?? .null
    }

    /// `.null` for nil, otherwise the date.
    package static func date(_ value: Date?) -> SQLValue {
        value.map(SQLValue.date) ?? .null
    }

    /// The text form both backends accept: integers in decimal, dates as ISO 8601 with milliseconds.
    var textForm: String? {
        switch self {
        case .null: nil
        case .integer(let value): String(value)
        case .text(let value): value
        case .date(let value): SQLTimestamp.format(value)
        }
    }
}
