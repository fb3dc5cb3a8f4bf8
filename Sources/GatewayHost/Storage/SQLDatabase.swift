import Foundation

/// A database and the threads that talk to it. libpq and SQLite block, so every statement runs on the database's own
/// threads (one per connection), never on an event loop or the concurrency pool.
package final class SQLDatabase: Sendable {
    package enum Backend: String, Sendable {
        case sqlite
        case postgres
    }

    package let backend: Backend
    private let pool: BlockingConnectionPool<SQLConnectionBox>

    private init(
        backend: Backend, threadCount: Int, first: any SQLConnection, connect: @escaping @Sendable () throws(StoreError) -> any SQLConnection
    ) {
        self.backend = backend
        pool = BlockingConnectionPool(threadCount: threadCount, first: SQLConnectionBox(first)) { SQLConnectionBox(try connect()) }
    }

    /// The embedded database: one SQLite file, one connection (SQLite serialises writers anyway).
    package static func sqlite(path: String) throws(StoreError) -> SQLDatabase {
        SQLDatabase(backend: .sqlite, threadCount: 1, first: try SQLiteConnection(path: path)) { () throws(StoreError) in
            try SQLiteConnection(path: path)
        }
    }

    /// PostgreSQL with up to `connections` connections, opened as needed; the first is opened now so a wrong URL
    /// fails at start. A statement waits at most `timeoutMs` for its answer.
    package static func postgres(url: String, connections: Int, timeoutMs: Int) throws(StoreError) -> SQLDatabase {
        SQLDatabase(backend: .postgres, threadCount: connections, first: try PostgresConnection(url: url, timeoutMs: timeoutMs)) {
            () throws(StoreError) in
            try PostgresConnection(url: url, timeoutMs: timeoutMs)
        }
    }

    /// Runs `body` in one transaction acting for `scope`; rolls back if it throws.
    @discardableResult
    package func transaction<T: Sendable>(_ scope: TenantScope, _ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await withConnection { [backend] connection in
            try Self.inTransaction(scope, backend: backend, on: connection, body)
        }
    }

    /// A schema change's transaction (system scope). SQLite changes a table's constraints by rebuilding it, and with
    /// foreign keys on, dropping the old table would cascade into the rows that reference it: so, as SQLite's own
    /// recipe says, they are off around the transaction and checked before it commits.
    package func schemaTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await withConnection { [backend] connection in
            guard backend == .sqlite else { return try Self.inTransaction(.system, backend: backend, on: connection, body) }
            try connection.executeScript("PRAGMA foreign_keys = OFF")
            defer { try? connection.executeScript("PRAGMA foreign_keys = ON") }
            return try Self.inTransaction(.system, backend: backend, on: connection) { connection in
                let result = try body(connection)
                guard try connection.query("PRAGMA foreign_key_check").isEmpty else {
                    throw StoreError(.failed, "the schema change left rows whose references are broken")
                }
                return result
            }
        }
    }

    private static func inTransaction<T>(
        _ scope: TenantScope, backend: Backend, on connection: any SQLConnection, _ body: (any SQLConnection) throws -> T
    ) throws -> T {
        try connection.query(backend == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            try act(as: scope, backend: backend, on: connection)
            let result = try body(connection)
            try connection.query("COMMIT")
            return result
        } catch {
            _ = try? connection.query("ROLLBACK")
            throw error
        }
    }

    /// Makes the rest of the transaction act for `scope` (PostgreSQL's row-level security reads it; SQLite has none), so
    /// one transaction can write for several clients in turn, each under its own scope.
    package static func act(as scope: TenantScope, backend: Backend, on connection: any SQLConnection) throws {
        guard backend == .postgres else { return }
        let (client, system) =
            switch scope {
            case .client(let id): (id, "")
            case .system: ("", "system")
            }
        try connection.query("SELECT set_config('app.client_id', $1, true), set_config('app.scope', $2, true)", .text(client), .text(system))
    }

    /// Runs `body` with a connection on a database thread, outside any transaction.
    @discardableResult
    package func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await pool.withConnection { try body($0.connection) }
    }

    /// Stops the database threads once running statements finish.
    package func close() async throws {
        try await pool.close()
    }
}

/// A SQL connection in the pool. libpq resets a dropped connection itself and SQLite has none to drop, so a SQL
/// connection is never discarded.
private final class SQLConnectionBox: PooledConnection {
    let connection: any SQLConnection
    let isBroken = false

    init(_ connection: any SQLConnection) {
        self.connection = connection
    }
}
