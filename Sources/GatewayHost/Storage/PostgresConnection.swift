import CPostgres
import Foundation

/// One libpq connection in UTC with ISO dates. Used by one store thread at a time; a dropped connection is reset
/// before its next statement. Error messages never include the connection string.
final class PostgresConnection: SQLConnection {
    private let connection: OpaquePointer

    init(url: String) throws(StoreError) {
        let settings = [("dbname", url), ("connect_timeout", "5"), ("application_name", "gateway"), ("options", "-c TimeZone=UTC -c DateStyle=ISO,YMD")]
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
    }

    deinit {
        PQfinish(connection)
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [SQLRow] {
        try reconnectIfDropped()
        let texts = parameters.map { $0.textForm.map { strdup($0) } ?? nil }
        defer { texts.forEach { free($0) } }
        let result = texts.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
            PQexecParams(connection, sql, Int32(texts.count), nil, values.baseAddress, nil, nil, 0)
        }
        defer { PQclear(result) }
        return try rows(of: result)
    }

    func executeScript(_ sql: String) throws(StoreError) {
        try reconnectIfDropped()
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        _ = try rows(of: result)
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

    private func reconnectIfDropped() throws(StoreError) {
        guard PQstatus(connection) != CONNECTION_OK else { return }
        PQreset(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            throw StoreError(.unavailable, "PostgreSQL connection lost: \(Self.firstLine(String(cString: PQerrorMessage(connection))))")
        }
    }

    /// The database's reason, classed by SQLSTATE.
    private func error(_ result: OpaquePointer?) -> StoreError {
        let sqlState = PQresultErrorField(result, Self.diagSQLState).map { String(cString: $0) } ?? ""
        let message = Self.firstLine(PQresultErrorField(result, Self.diagMessage).map { String(cString: $0) } ?? String(cString: PQerrorMessage(connection)))
        if sqlState.hasPrefix("23") { return StoreError(.conflict, message) }
        if sqlState.isEmpty || sqlState.hasPrefix("08") || sqlState.hasPrefix("57P") || PQstatus(connection) != CONNECTION_OK {
            return StoreError(.unavailable, message)
        }
        return StoreError(.failed, "\(sqlState): \(message)")
    }

    /// `PG_DIAG_SQLSTATE` ('C') and `PG_DIAG_MESSAGE_PRIMARY` ('M') from postgres_ext.h.
    private static let diagSQLState = Int32(UInt8(ascii: "C"))
    private static let diagMessage = Int32(UInt8(ascii: "M"))

    private static func firstLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? "")
    }
}
