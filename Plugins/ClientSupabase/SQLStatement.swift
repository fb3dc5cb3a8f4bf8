import Foundation
import ProviderKit

/// SQL text with `$n` placeholders and its parameters in text format (nil is NULL). Built only from a
/// `ValidatedQuery`: identifiers are plain and quoted, every value is a parameter, so no caller input becomes SQL.
struct SQLStatement {
    private(set) var text = ""
    private(set) var parameters: [String?] = []

    /// The query, answering one JSON row per result (`row_to_json`), at most `limit + 1` so truncation shows.
    init(_ query: ValidatedQuery) {
        let table = Identifier.quoted(query.table)
        switch query.operation {
        case .select:
            let columns = query.columns.isEmpty ? "*" : query.columns.map(Identifier.quoted).joined(separator: ", ")
            let order = query.order.isEmpty ? "" : " ORDER BY " + query.order.map { "\(Identifier.quoted($0.column)) \($0.descending ? "DESC" : "ASC")" }.joined(separator: ", ")
            text = "SELECT row_to_json(q)::text FROM (SELECT \(columns) FROM \(table)\(whereClause(query.filters))\(order) LIMIT \(query.limit + 1)) q"
        case .insert:
            let columns = query.rows[0].keys.sorted()
            let values = query.rows.map { row in "(" + columns.map { bind(row[$0] ?? .null) }.joined(separator: ", ") + ")" }
            text = "INSERT INTO \(table) (\(columns.map(Identifier.quoted).joined(separator: ", "))) VALUES \(values.joined(separator: ", ")) RETURNING *"
        case .update:
            let assignments = query.rows[0].sorted { $0.key < $1.key }.map { "\(Identifier.quoted($0.key)) = \(bind($0.value))" }
            text = "UPDATE \(table) SET \(assignments.joined(separator: ", "))\(whereClause(query.filters)) RETURNING *"
        case .delete:
            text = "DELETE FROM \(table)\(whereClause(query.filters)) RETURNING *"
        }
        if query.operation != .select {
            text = "WITH q AS (\(text)) SELECT row_to_json(q)::text FROM q LIMIT \(query.limit + 1)"
        }
    }

    private mutating func whereClause(_ filters: [ValidatedQuery.Filter]) -> String {
        guard !filters.isEmpty else { return "" }
        return " WHERE " + filters.map { condition($0) }.joined(separator: " AND ")
    }

    private mutating func condition(_ filter: ValidatedQuery.Filter) -> String {
        let column = Identifier.quoted(filter.column)
        switch filter.op {
        case .eq: return "\(column) = \(bind(filter.value))"
        case .neq: return "\(column) <> \(bind(filter.value))"
        case .gt: return "\(column) > \(bind(filter.value))"
        case .gte: return "\(column) >= \(bind(filter.value))"
        case .lt: return "\(column) < \(bind(filter.value))"
        case .lte: return "\(column) <= \(bind(filter.value))"
        case .like: return "\(column) LIKE \(bind(filter.value))"
        case .ilike: return "\(column) ILIKE \(bind(filter.value))"
        case .in: return "\(column) IN (\((filter.value.array ?? []).map { bind($0) }.joined(separator: ", ")))"
        case .is: return "\(column) IS \(filter.value == .bool(true) ? "TRUE" : filter.value == .bool(false) ? "FALSE" : "NULL")"
        }
    }

    /// Adds a parameter and returns its placeholder.
    private mutating func bind(_ value: JSONValue) -> String {
        parameters.append(Self.text(value))
        return "$\(parameters.count)"
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .null: nil
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .string(let string): string
        case .array, .object: String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)  // json columns
        }
    }
}
