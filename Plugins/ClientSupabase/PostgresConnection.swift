import CPostgres
import Foundation
import ProviderKit

/// One libpq connection for one call, to an address the host's network policy allows. Errors map to the ABI: bad
/// credentials -> AUTH, unreachable -> RETRYABLE, statement timeout -> TIMEOUT, SQL the database refuses -> INVALID.
/// Every wait is bounded by the call: a query still running at the deadline, or when the host cancels, is cancelled on
/// the server (`PQcancel`) and the call answers TIMEOUT. Messages never include the connection string.
final class PostgresConnection {
    private let connection: OpaquePointer
    private let context: CallContext

    /// Connects within the call's remaining time.
    init(_ options: ConnectionOptions, context: CallContext) throws(ProviderError) {
        try context.checkDeadline()
        let settings = try options.pinned(context: context).sorted { $0.key < $1.key }
        let connection = Self.withCStrings(settings.map(\.key)) { keys in Self.withCStrings(settings.map(\.value)) { vals in PQconnectdbParams(keys, vals, 0) } }
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
        self.context = context
    }

    deinit {
        PQfinish(connection)
    }

    /// Runs one statement; returns the first column of every row (text).
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(ProviderError) -> [String] {
        let sent = Self.withOptionalCStrings(parameters) { values in
            PQsendQueryParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard sent == 1 else { throw ProviderError(.retryable, "PostgreSQL connection lost: \(Self.firstLine(String(cString: PQerrorMessage(connection))))") }
        try awaitAnswer()
        var rows: [String] = []
        var failure: ProviderError?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            if status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK {
                rows = (0..<PQntuples(result)).map { String(cString: PQgetvalue(result, $0, 0)) }
            } else if failure == nil {
                failure = error(result)
            }
        }
        if let failure { throw failure }
        return rows
    }

    /// Waits for the whole answer, at most until the call's deadline (or the host's cancel); then asks the server to
    /// cancel the query, so it does not run on for nobody.
    private func awaitAnswer() throws(ProviderError) {
        var poller = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        while PQisBusy(connection) == 1 {
            guard !context.isCancelled, context.remainingMs > 0 else {
                cancelOnServer()
                throw ProviderError(.timeout, "the query was cancelled on the server: the call's deadline passed, or the host cancelled the call")
            }
            _ = poll(&poller, 1, Int32(min(context.remainingMs, 100)))
            guard PQconsumeInput(connection) == 1 else {
                throw ProviderError(.retryable, "PostgreSQL connection lost: \(Self.firstLine(String(cString: PQerrorMessage(connection))))")
            }
        }
    }

    private func cancelOnServer() {
        guard let cancel = PQgetCancel(connection) else { return }
        var reason = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &reason, Int32(reason.count))
        PQfreeCancel(cancel)
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
