import Foundation
@testable import GatewayHost
import Testing

/// The PostgreSQL connection prepares each statement once per session, prepares it again when the server no longer
/// has it or its result columns changed, starts over after a reconnect, and prepares no more than its cap.
@Suite struct PostgresStatementTests {
    private func connection() throws -> (PostgresConnection, GatewayDatabase) {
        let database = try GatewayDatabase()
        return (try PostgresConnection(url: try database.url, timeoutMs: 30_000), database)
    }

    /// The session's prepared statements whose text is `sql`.
    private func preparations(of sql: String, on connection: PostgresConnection) throws -> Int {
        Int(try connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1", .text(sql))[0].integer("n"))
    }

    @Test func aStatementIsPreparedOnceAndRunsWithEachCallsValues() throws {
        let (connection, _) = try connection()
        let sql = "SELECT $1::int + 1 AS n"
        for value in Int64(1)...3 {
            #expect(try connection.query(sql, .integer(value))[0].integer("n") == value + 1)
        }
        #expect(try preparations(of: sql, on: connection) == 1)
    }

    @Test func aStatementWhoseResultChangedOrThatTheSessionLostIsPreparedAgain() async throws {
        let (connection, database) = try connection()
        try connection.executeScript("CREATE TABLE notes (id int, body int); INSERT INTO notes VALUES (1, 7);")
        let sql = "SELECT id, body FROM notes"
        #expect(try connection.query(sql)[0].string("body") == "7")

        // Another process's migration changes a returned column's type: the prepared plan fails once, then is redone.
        _ = try database.psqlAsApplication("ALTER TABLE notes ALTER COLUMN body TYPE text USING body::text || '!'")
        #expect(throws: StoreError.self) { try connection.query(sql) }
        #expect(try connection.query(sql)[0].string("body") == "7!")

        // The session drops its statements (as a pooler handing over another session would): prepared again.
        try connection.executeScript("DEALLOCATE ALL")
        #expect(throws: StoreError.self) { try connection.query(sql) }
        #expect(try connection.query(sql)[0].string("body") == "7!")

        // The server ends the session (its backend gone, so the connection sees it closed): the reconnect starts with no
        // statements and prepares them afresh.
        let session = "FROM pg_stat_activity WHERE datname = '\(database.name)' AND application_name = 'gateway'"
        try TestPostgres.psql("SELECT pg_terminate_backend(pid) \(session)")
        #expect(try await eventually { try TestPostgres.psql("SELECT count(*) \(session)") == "0" })
        #expect(try connection.query(sql)[0].string("body") == "7!")
        #expect(try preparations(of: sql, on: connection) == 1)
    }

    @Test func pastItsCapASessionRunsNewStatementsUnprepared() throws {
        let (connection, _) = try connection()
        for index in 0...PostgresConnection.maxPrepared {
            #expect(try connection.query("SELECT \(index) AS n")[0].integer("n") == Int64(index))
        }
        let held = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements")[0].integer("n")
        #expect(held == Int64(PostgresConnection.maxPrepared))
        #expect(try preparations(of: "SELECT \(PostgresConnection.maxPrepared) AS n", on: connection) == 0)
    }

    @Test func aPipelineAnswersEachStatementInOrderAndStopsAtTheFirstFailure() throws {
        let (connection, _) = try connection()
        try connection.executeScript("CREATE TABLE marks (id int PRIMARY KEY, label text)")
        try connection.query("BEGIN")
        let answers = try connection.pipeline([
            SQLStatement("INSERT INTO marks VALUES ($1, $2) RETURNING id", .integer(1), .text("a")),
            SQLStatement("INSERT INTO marks VALUES ($1, $2) RETURNING id", .integer(2), .text("b")),
            SQLStatement("SELECT count(*) AS n FROM marks"),
        ])
        #expect(answers.map(\.count) == [1, 1, 1])
        #expect(try answers[2][0].integer("n") == 2)  // each statement saw the ones before it
        try connection.query("COMMIT")

        // A duplicate key fails the second statement: the third never runs, the transaction is rolled back, and the
        // connection is ready for the next statement.
        try connection.query("BEGIN")
        #expect(throws: StoreError.self) {
            try connection.pipeline([
                SQLStatement("INSERT INTO marks VALUES ($1, $2)", .integer(3), .text("c")),
                SQLStatement("INSERT INTO marks VALUES ($1, $2)", .integer(1), .text("again")),
                SQLStatement("INSERT INTO marks VALUES ($1, $2)", .integer(4), .text("d")),
            ])
        }
        try connection.query("ROLLBACK")
        let labels = try connection.query("SELECT label FROM marks ORDER BY id").map { try $0.string("label") }
        #expect(labels == ["a", "b"])
        #expect(try connection.pipeline([SQLStatement("SELECT 1 AS n"), SQLStatement("SELECT 2 AS n")]).map { try $0[0].integer("n") } == [1, 2])
    }
}
