import Foundation

/// Applies the migrations a database has not had yet, each in its own schema transaction, and records them in
/// `schema_migrations`. Safe to run again and from several processes at once (PostgreSQL: an advisory lock; SQLite:
/// an immediate transaction).
package enum Migrator {
    /// Returns the versions it applied now (empty when the schema was current).
    @discardableResult
    package static func migrate(_ database: SQLDatabase, migrations: [Migration] = Migrations.all) async throws -> [Int] {
        let backend = database.backend
        var applied: [Int] = []
        for migration in migrations {
            let ran = try await database.schemaTransaction { connection in
                if backend == .postgres { try connection.query("SELECT pg_advisory_xact_lock(7245001)") }
                try connection.executeScript(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                )
                let done = try connection.query("SELECT version FROM schema_migrations WHERE version = $1", .integer(Int64(migration.version)))
                guard done.isEmpty else { return false }
                try connection.executeScript(migration.script(for: backend))
                try connection.query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    .integer(Int64(migration.version)), .text(migration.name), .date(Date())
                )
                return true
            }
            if ran { applied.append(migration.version) }
        }
        return applied
    }

    /// The versions recorded as applied.
    package static func appliedVersions(_ database: SQLDatabase) async throws -> [Int] {
        try await database.withConnection { connection in
            try connection.query("SELECT version FROM schema_migrations ORDER BY version").map { Int(try $0.integer("version")) }
        }
    }
}
