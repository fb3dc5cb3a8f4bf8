import CPostgres
import Foundation

/// One libpq connection in UTC with ISO dates. Used by one store thread at a time. Before each statement it checks
/// that the server has not closed the connection while it sat idle (a restart), and reconnects if it has; every
/// statement waits at most `timeoutMs` for its answer, and TCP keepalives and `tcp_user_timeout` bound a partition, so a
/// store thread never hangs on a silent network. Each statement is prepared once per session (the server parses and
/// plans it once, not on every call). Error messages never include the connection string.
final class PostgresConnection: SQLConnection {
    private let connection: OpaquePointer
    private let timeoutMs: Int
    /// Set when a statement gave up waiting: the connection's state is unknown, so it starts over.
    private var mustReset = false
    /// The session's prepared statements, by SQL; a new session (after a reset) has none.
    private var prepared: [String: String] = [:]
    /// Names statements: never reused within a session, even for a statement prepared again.
    private var statementsPrepared = 0

    init(url: String, timeoutMs: Int) throws(StoreError) {
        // Settings after the URL override what it says. A dead peer is noticed within about 25 s when idle, and when
        // sent data goes unacknowledged for the statement timeout. No NOTICE reaches the client: libpq would print it
        // on stderr, between the JSON log lines.
        let settings = [
            ("dbname", url), ("connect_timeout", "5"), ("application_name", "gateway"),
            ("options", "-c TimeZone=UTC -c DateStyle=ISO,YMD -c client_min_messages=warning"),
            ("keepalives", "1"), ("keepalives_idle", "10"), ("keepalives_interval", "5"), ("keepalives_count", "3"),
            ("tcp_user_timeout", String(timeoutMs)),
        ]
        let keywords = settings.map { strdup($0.0) } + [nil]
        let values = settings.map { strdup($0.1) } + [nil]
        defer { (keywords + values).forEach { free($0) } }
        let connection = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keys in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { vals in PQconnectdbParams(keys.baseAddress, vals.baseAddress, 1) }
        }
        guard let connection else { throw StoreError(.unavailable, "out of memory connecting to PostgreSQL") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.firstLine(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            throw StoreError(.unavailable, "cannot connect to PostgreSQL: \(message)")
        }
        self.connection = connection
        self.timeoutMs = timeoutMs
    }

    deinit {
        PQfinish(connection)
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [SQLRow] {
        try readyForUse()
        let name = try statementName(sql)
        guard send(sql, name: name, parameters) else { throw lost() }
        do {
            return try answer(waitingAtMostMs: timeoutMs)
        } catch {
            forgetIfGone(sql, error)
            throw error
        }
    }

    /// libpq's pipeline mode: every statement is sent, then one sync, and the answers are read in order, so the
    /// statements cost one round trip rather than one each. In a transaction, as the inbound writes are.
    @discardableResult
    func pipeline(_ statements: [SQLStatement]) throws(StoreError) -> [[SQLRow]] {
        guard statements.count > 1 else { return try statements.map { statement throws(StoreError) in try query(statement.sql, statement.parameters) } }
        try readyForUse()
        var names: [String?] = []
        for statement in statements { names.append(try statementName(statement.sql)) }  // new ones are prepared first
        guard PQenterPipelineMode(connection) == 1 else { throw lost() }
        defer { if PQexitPipelineMode(connection) != 1 { mustReset = true } }
        for (statement, name) in zip(statements, names) {
            guard send(statement.sql, name: name, statement.parameters) else { throw lost() }
        }
        guard PQpipelineSync(connection) == 1 else { throw lost() }
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        var answers: [[SQLRow]] = []
        var failure: StoreError?
        for statement in statements {
            var rows: [SQLRow] = []
            while let result = try nextResult(before: deadline) {
                defer { PQclear(result) }
                guard PQresultStatus(result) != PGRES_PIPELINE_ABORTED else { continue }  // after the failure below
                do {
                    rows = try self.rows(of: result)
                } catch {
                    forgetIfGone(statement.sql, error)
                    failure = failure ?? error
                }
            }
            answers.append(rows)
        }
        guard let sync = try nextResult(before: deadline), PQresultStatus(sync) == PGRES_PIPELINE_SYNC else { throw lost() }
        PQclear(sync)
        if let failure { throw failure }
        return answers
    }

    /// Sends one statement, prepared when it has a name.
    private func send(_ sql: String, name: String?, _ parameters: [SQLValue]) -> Bool {
        let texts = parameters.map { $0.textForm.map { strdup($0) } ?? nil }
        defer { texts.forEach { free($0) } }
        return texts.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
            if let name {
                PQsendQueryPrepared(connection, name, Int32(texts.count), values.baseAddress, nil, nil, 0)
            } else {
                PQsendQueryParams(connection, sql, Int32(texts.count), nil, values.baseAddress, nil, nil, 0)
            }
        } == 1
    }

    /// Another process's migration changed what the statement returns ("cached plan must not change result type"), or
    /// the server no longer knows it (a pooler that switched sessions): the next call prepares it again.
    private func forgetIfGone(_ sql: String, _ error: StoreError) {
        if Self.statementGoneStates.contains(where: error.message.hasPrefix) { prepared[sql] = nil }
    }

    /// The most statements a session prepares: past it, new SQL runs unprepared, so server memory stays bounded whatever
    /// SQL text callers build.
    static let maxPrepared = 500

    /// The name `sql` is prepared under in this session (preparing it now if new); nil past `maxPrepared`.
    private func statementName(_ sql: String) throws(StoreError) -> String? {
        if let name = prepared[sql] { return name }
        guard prepared.count < Self.maxPrepared else { return nil }
        statementsPrepared += 1
        let name = "gateway_\(statementsPrepared)"
        guard PQsendPrepare(connection, name, sql, 0, nil) == 1 else { throw lost() }
        _ = try answer(waitingAtMostMs: timeoutMs)
        prepared[sql] = name
        return name
    }

    func executeScript(_ sql: String) throws(StoreError) {
        try readyForUse()
        guard PQsendQuery(connection, sql) == 1 else { throw lost() }
        _ = try answer(waitingAtMostMs: nil)  // a migration may take as long as it takes
    }

    /// Reconnects a connection that was dropped, or that the server closed while it sat idle (its socket reads as
    /// closed, or holds the server's goodbye), so a restarted server costs no failed statement.
    private func readyForUse() throws(StoreError) {
        // Inside a transaction the connection answered a moment ago: no poll of its socket first.
        if !mustReset, PQstatus(connection) == CONNECTION_OK, PQtransactionStatus(connection) == PQTRANS_INTRANS { return }
        if !mustReset, PQstatus(connection) == CONNECTION_OK {
            let socket = IdleSocket.state(PQsocket(connection))
            if !socket.peerHungUp, !socket.hasInput || (PQconsumeInput(connection) == 1 && PQstatus(connection) == CONNECTION_OK) { return }
        }
        mustReset = false
        prepared = [:]
        PQreset(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            throw StoreError(.unavailable, "PostgreSQL connection lost: \(Self.firstLine(String(cString: PQerrorMessage(connection))))")
        }
    }

    /// The statement's rows, once the whole answer is in; waits at most `limit` ms (nil: as long as it takes).
    private func answer(waitingAtMostMs limit: Int?) throws(StoreError) -> [SQLRow] {
        let deadline = limit.map { ContinuousClock.now + .milliseconds($0) }
        var rows: [SQLRow] = []
        var failure: StoreError?
        while let result = try nextResult(before: deadline) {
            defer { PQclear(result) }
            do {
                rows = try self.rows(of: result)
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return rows
    }

    /// The next result once it is in, nil at the end of a statement's results; gives up at `deadline`, after which
    /// the connection starts over.
    private func nextResult(before deadline: ContinuousClock.Instant?) throws(StoreError) -> OpaquePointer? {
        var poller = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        while PQisBusy(connection) == 1 {
            if let deadline, ContinuousClock.now >= deadline {
                mustReset = true
                throw StoreError(.unavailable, "PostgreSQL did not answer within \(timeoutMs) ms")
            }
            _ = poll(&poller, 1, 100)
            guard PQconsumeInput(connection) == 1 else { throw lost() }
        }
        return PQgetResult(connection)
    }

    private func lost() -> StoreError {
        mustReset = true
        return StoreError(.unavailable, "PostgreSQL connection lost: \(Self.firstLine(String(cString: PQerrorMessage(connection))))")
    }

    private func rows(of result: OpaquePointer?) throws(StoreError) -> [SQLRow] {
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else { throw error(result) }
        let columnCount = PQnfields(result)
        var columns: [String: Int] = [:]
        for index in 0..<columnCount { columns[String(cString: PQfname(result, index))] = Int(index) }
        return (0..<PQntuples(result)).map { row in
            SQLRow(
                columns: columns,
                values: (0..<columnCount).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                }
            )
        }
    }

    /// The database's reason, classed by SQLSTATE.
    private func error(_ result: OpaquePointer?) -> StoreError {
        let sqlState = PQresultErrorField(result, Self.diagSQLState).map { String(cString: $0) } ?? ""
        let message = Self.firstLine(
            PQresultErrorField(result, Self.diagMessage).map { String(cString: $0) } ?? String(cString: PQerrorMessage(connection)))
        if sqlState.hasPrefix("23") { return StoreError(.conflict, message) }
        if sqlState.isEmpty || sqlState.hasPrefix("08") || sqlState.hasPrefix("57P") || PQstatus(connection) != CONNECTION_OK {
            return StoreError(.unavailable, message)
        }
        return StoreError(.failed, "\(sqlState): \(message)")
    }

    /// SQLSTATEs of a prepared statement that must be prepared again: 0A000 (its result columns changed), 26000 (the
    /// session does not have it).
    private static let statementGoneStates = ["0A000:", "26000:"]

    /// `PG_DIAG_SQLSTATE` ('C') and `PG_DIAG_MESSAGE_PRIMARY` ('M') from postgres_ext.h.
    private static let diagSQLState = Int32(UInt8(ascii: "C"))
    private static let diagMessage = Int32(UInt8(ascii: "M"))

    private static func firstLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? "")
    }
}
