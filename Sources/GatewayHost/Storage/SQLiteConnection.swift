import CSQLite
import Foundation

/// A SQLite database file, opened in WAL mode with foreign keys on. Used by one thread at a time (the store's lock).
final class SQLiteConnection: SQLConnection {
    private let handle: OpaquePointer
    /// Statements are prepared once and kept, keyed by their SQL.
    private var statements: [String: OpaquePointer] = [:]

    init(path: String) throws(StoreError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw StoreError(.unavailable, "cannot open SQLite database \(path): \(message)")
        }
        self.handle = handle
        // Another process (a `gateway` command) may hold the write lock briefly: wait for it rather than fail.
        sqlite3_busy_timeout(handle, 5_000)
        try executeScript("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
        // The writer's working set stays in memory: a 64 MiB page cache (SQLite's default is 2 MiB, less than the indexes
        // a stream of webhook deliveries touches), and statement journals (what lets one statement of a group commit undo
        // itself) in memory rather than in a temporary file created and deleted for each.
        try executeScript("PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;")
    }

    deinit {
        statements.values.forEach { sqlite3_finalize($0) }
        sqlite3_close_v2(handle)
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [SQLRow] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, parameter) in parameters.enumerated() {
            let position = Int32(index + 1)
            let code: Int32 =
                switch parameter {
                case .null: sqlite3_bind_null(statement, position)
                case .integer(let value): sqlite3_bind_int64(statement, position, value)
                case .text, .date: sqlite3_bind_text(statement, position, parameter.textForm, -1, Self.transient)
                }
            guard code == SQLITE_OK else { throw error(code) }
        }
        let count = Int(sqlite3_column_count(statement))
        var columns: [String: Int] = [:]
        for index in 0..<count { columns[String(cString: sqlite3_column_name(statement, Int32(index)))] = index }
        var rows: [SQLRow] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw error(code) }
            let values: [String?] = (0..<count).map { index in
                sqlite3_column_text(statement, Int32(index)).map { String(cString: $0) }
            }
            rows.append(SQLRow(columns: columns, values: values))
        }
    }

    func executeScript(_ sql: String) throws(StoreError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// SQLite numbers its parameters `?1`, `?2` ...; the store writes `$1`, `$2` ... for both backends.
    private func prepared(_ sql: String) throws(StoreError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        let translated = sql.replacing(/\$(\d+)/) { "?\($0.output.1)" }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, translated, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code) }
        statements[sql] = statement
        return statement
    }

    private func error(_ code: Int32) -> StoreError {
        let message = String(cString: sqlite3_errmsg(handle))
        switch code & 0xFF {
        case SQLITE_CONSTRAINT: return StoreError(.conflict, message)
        case SQLITE_BUSY, SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_FULL: return StoreError(.unavailable, message)
        default: return StoreError(.failed, message)
        }
    }

    /// Tells SQLite to copy bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
