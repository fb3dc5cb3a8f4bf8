package import Foundation

/// One result row: every column as text (or nil for NULL), read by name. Both backends hand rows over as text so the
/// store reads them one way.
package struct SQLRow: Sendable {
    let columns: [String: Int]
    let values: [String?]

    package func string(_ column: String) throws(StoreError) -> String {
        guard let value = optionalString(column) else { throw StoreError(.corrupt, "column '\(column)' is NULL") }
        return value
    }

    package func optionalString(_ column: String) -> String? {
        columns[column].flatMap { values[$0] }
    }

    package func integer(_ column: String) throws(StoreError) -> Int64 {
        guard let value = Int64(try string(column)) else { throw StoreError(.corrupt, "column '\(column)' is not an integer") }
        return value
    }

    package func date(_ column: String) throws(StoreError) -> Date {
        guard let value = optionalDate(column) else { throw StoreError(.corrupt, "column '\(column)' is not a timestamp") }
        return value
    }

    /// A column holding one of an enum's raw values; any other text is corrupt.
    package func value<Value: RawRepresentable>(_ column: String, as type: Value.Type) throws(StoreError) -> Value where Value.RawValue == String {
        let text = try string(column)
        guard let value = Value(rawValue: text) else { throw StoreError(.corrupt, "column '\(column)' holds '\(text.prefix(32))', not a known value") }
        return value
    }

    package func optionalDate(_ column: String) -> Date? {
        optionalString(column).flatMap(SQLTimestamp.parse)
    }
}
