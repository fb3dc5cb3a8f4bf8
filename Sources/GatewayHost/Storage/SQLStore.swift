package import Foundation

/// Every domain's store on SQLite or PostgreSQL (each conforms in its domain's folder): the same statements on both.
/// Tenant calls filter by client id in SQL and, on PostgreSQL, also run as that client so row-level security holds even
/// if a statement forgot its filter.
package final class SQLStore: Sendable {
    package let database: SQLDatabase

    package init(database: SQLDatabase) {
        self.database = database
    }

    package var backendName: String { database.backend.rawValue }

    package func ping() async throws {
        try await database.withConnection { try $0.query("SELECT 1") }
    }

    package func close() async throws {
        try await database.close()
    }
}
