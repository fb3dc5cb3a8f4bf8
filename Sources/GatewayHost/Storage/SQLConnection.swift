/// One open database connection. Every call blocks, so it is only ever used on a store thread, never on an event loop
/// or the Swift concurrency pool. Statements use `$1`, `$2` ... placeholders on both backends.
package protocol SQLConnection: AnyObject {
    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [SQLRow]
    /// Runs a script of several statements without parameters (migrations).
    func executeScript(_ sql: String) throws(StoreError)
    /// Runs statements that do not need each other's answers, in order, and returns each one's rows: on PostgreSQL
    /// sent together and answered together (one round trip). The first failure throws; the statements after it do
    /// not run.
    func pipeline(_ statements: [SQLStatement]) throws(StoreError) -> [[SQLRow]]
}

/// A statement and its parameters, for `pipeline`.
package struct SQLStatement: Sendable {
    let sql: String
    let parameters: [SQLValue]

    init(_ sql: String, _ parameters: SQLValue...) {
        self.sql = sql
        self.parameters = parameters
    }
}

extension SQLConnection {
    /// One after another, where a round trip costs nothing (SQLite).
    @discardableResult
    package func pipeline(_ statements: [SQLStatement]) throws(StoreError) -> [[SQLRow]] {
        var answers: [[SQLRow]] = []
        for statement in statements { answers.append(try query(statement.sql, statement.parameters)) }
        return answers
    }

    @discardableResult
    package func query(_ sql: String, _ parameters: SQLValue...) throws(StoreError) -> [SQLRow] {
        try query(sql, parameters)
    }
}
