import Foundation

/// A query on the client's database integration, as `POST /api/integrations/database/query` and the
/// `query_database` tool take it: the seed's `execute_query(table, operation, filters, data)`, with the columns to
/// return as `select`. The provider enforces the integration's rules (allowed tables, read-only, bound values, row
/// cap) whatever arrives here.
package struct DatabaseQuery: Codable, Sendable {
    package enum Operation: String, Codable, Sendable {
        case select, insert, update, delete
    }

    package struct Filter: Codable, Sendable {
        let column: String
        let op: String
        let value: JSONValue?
    }

    package struct Order: Codable, Sendable {
        let column: String
        let desc: Bool?
    }

    /// What `limit` may be: no integration's `max_rows` is higher.
    static let limits = 1...10_000

    let table: String
    let operation: Operation?
    let select: [String]?
    let filters: [Filter]?
    let order: [Order]?
    let limit: Int?
    let data: JSONValue?

    /// The provider's `query` input (docs/providers/client_supabase.md).
    var providerInput: [String: JSONValue] {
        var input: [String: JSONValue] = ["table": .string(table), "operation": .string((operation ?? .select).rawValue)]
        if let select { input["columns"] = .array(select.map(JSONValue.string)) }
        if let filters {
            input["filters"] = .array(filters.map { .object(["column": .string($0.column), "op": .string($0.op), "value": $0.value ?? .null]) })
        }
        if let order { input["order"] = .array(order.map { .object(["column": .string($0.column), "desc": .bool($0.desc ?? false)]) }) }
        if let limit { input["limit"] = .integer(Int64(limit)) }
        if let data { input["data"] = data }
        return input
    }
}

/// What a query answers: the rows (capped by the integration's `max_rows`), how many, whether more matched, and how
/// long the provider took.
package struct DatabaseQueryResult: Codable, Sendable {
    var success = true
    let rows: [JSONValue]
    let count: Int
    let truncated: Bool
    let latency_ms: Int
}
