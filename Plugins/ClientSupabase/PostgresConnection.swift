import CPostgres
import Foundation
import ProviderKit

/// One libpq connection for one call. Errors map to the ABI: bad credentials -> AUTH, unreachable -> RETRYABLE,
/// statement timeout -> TIMEOUT, SQL the database refuses -> INVALID. Messages never include the connection string.
final class PostgresConnection {
    private let connection: OpaquePointer

    /// Connects within the call's remaining time (libpq counts whole seconds).
    init(_ connectionString: String, context: CallContext) throws(ProviderError) {
        try context.checkDeadline()
        let timeout = String(max(1, (context.remainingMs + 999) / 1000))
        let keywords = ["dbname", "connect_timeout", "application_name"]
        let values = [connectionString, timeout, "gateway"]
        let connection = Self.withCStrings(keywords) { keys in Self.withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) } }
        guard let connection else { throw ProviderError(.retryable, "out of memory connecting to PostgreSQL") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            if message.contains("password authentication failed") || message.contains("no password supplied") {
                throw ProviderError(.auth, "PostgreSQL refused the credentials")
            }
            if message.contains("does not exist") { throw ProviderError(.permanent, "PostgreSQL: \(Self.firstLine(message))") }
            throw ProviderError(.retryable, "cannot reach PostgreSQL: \(Self.firstLine(message))")
        }
        self.connection = connection
    }

    deinit {
        PQfinish(connection)
    }

    /// Runs one statement; returns the first column of every row (text).
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(ProviderError) -> [String] {
        let result = Self.withOptionalCStrings(parameters) { values in
            PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else { throw error(result) }
        return (0..<PQntuples(result)).map { String(cString: PQgetvalue(result, $0, 0)) }
    }

    /// The database's reason, by SQLSTATE class.
    private func error(_ result: OpaquePointer?) -> ProviderError {
        let sqlState = PQresultErrorField(result, Self.diagSQLState).map { String(cString: $0) } ?? ""
        let message = Self.firstLine(PQresultErrorField(result, Self.diagMessage).map { String(cString: $0) } ?? String(cString: PQerrorMessage(connection)))
        switch sqlState {
        case "57014": return ProviderError(.timeout, "statement timeout: \(message)")
        case "42501": return ProviderError(.auth, "permission denied: \(message)")
        case "40001", "40P01": return ProviderError(.retryable, message)
        case "25006": return ProviderError(.invalid, "the transaction is read-only: \(message)", field: "operation")
        case _ where sqlState.hasPrefix("08") || sqlState.hasPrefix("53") || sqlState.hasPrefix("57"): return ProviderError(.retryable, message)
        case _ where sqlState.hasPrefix("42") || sqlState.hasPrefix("22"): return ProviderError(.invalid, message)
        case _ where sqlState.hasPrefix("23"): return ProviderError(.permanent, "constraint violated: \(message)")
        default: return ProviderError(.permanent, message.isEmpty ? "PostgreSQL error \(sqlState)" : message)
        }
    }

    /// `PG_DIAG_SQLSTATE` ('C') and `PG_DIAG_MESSAGE_PRIMARY` ('M') from postgres_ext.h.
    private static let diagSQLState = Int32(UInt8(ascii: "C"))
    private static let diagMessage = Int32(UInt8(ascii: "M"))

    private static func firstLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? "")
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    private static func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let pointers = strings.map { $0.map { strdup($0) } ?? nil }
        defer { pointers.forEach { free($0) } }
        return pointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
