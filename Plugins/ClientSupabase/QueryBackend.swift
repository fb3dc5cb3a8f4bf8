import Foundation
import ProviderKit

/// Where validated queries run: a PostgreSQL connection or a PostgREST (Supabase) endpoint.
protocol QueryBackend: Sendable {
    func run(_ query: ValidatedQuery, context: CallContext) throws(ProviderError) -> QueryResult
    /// Which of `tables` exist.
    func tablesFound(_ tables: [String], context: CallContext) throws(ProviderError) -> [String]
}

/// `{rows, count, truncated}`: at most `limit` rows; `truncated` when the source had more.
struct QueryResult: Encodable {
    let rows: [JSONValue]
    let count: Int
    let truncated: Bool

    init(rows all: [JSONValue], limit: Int) {
        rows = Array(all.prefix(limit))
        count = rows.count
        truncated = all.count > limit
    }

    /// From one JSON document per row.
    init(jsonRows: [String], limit: Int) throws(ProviderError) {
        var rows: [JSONValue] = []
        for row in jsonRows {
            guard let value = try? JSONValue(json: Data(row.utf8)) else { throw ProviderError(.internal, "unreadable row") }
            rows.append(value)
        }
        self.init(rows: rows, limit: limit)
    }
}
