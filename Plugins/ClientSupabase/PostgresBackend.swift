import Foundation
import ProviderKit

/// `postgres` mode: each call opens a connection (to an address the host's policy allows), runs one transaction (READ
/// ONLY when the integration is) with a statement timeout, and closes it.
struct PostgresBackend: QueryBackend {
    let options: ConnectionOptions
    let readOnly: Bool
    let statementTimeoutMs: Int64

    func run(_ query: ValidatedQuery, context: CallContext) throws(ProviderError) -> QueryResult {
        let statement = SQLStatement(query)
        let rows = try transaction(context) { connection throws(ProviderError) in try connection.execute(statement.text, statement.parameters) }
        return try QueryResult(jsonRows: rows, limit: query.limit)
    }

    func tablesFound(_ tables: [String], context: CallContext) throws(ProviderError) -> [String] {
        // Table names are plain identifiers (checked at create), so the array literal needs no escaping.
        let literal = "{" + tables.joined(separator: ",") + "}"
        let sql = "SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relname = ANY($1::text[]) AND c.relkind IN ('r','v','m','p','f') AND pg_catalog.pg_table_is_visible(c.oid)"
        return try transaction(context) { connection throws(ProviderError) in
            try connection.execute("SELECT 1")
            return try connection.execute(sql, [literal])
        }.sorted()
    }

    private func transaction(_ context: CallContext, _ body: (PostgresConnection) throws(ProviderError) -> [String]) throws(ProviderError) -> [String] {
        let connection = try PostgresConnection(options, context: context)
        let timeout = max(1, min(statementTimeoutMs, context.remainingMs))
        try connection.execute(readOnly ? "BEGIN READ ONLY" : "BEGIN")
        try connection.execute("SET LOCAL statement_timeout = \(timeout)")  // an integer we computed, never input
        let rows = try body(connection)
        try connection.execute("COMMIT")
        return rows
    }
}
