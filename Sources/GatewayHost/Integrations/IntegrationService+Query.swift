import Foundation

extension IntegrationService {
    /// Deadline of a query on a client's database.
    static let queryTimeoutMs: UInt64 = 30_000

    /// Runs `query` through the client's database integration, and audits it: the table, the operation, the row count
    /// and the duration, or why it was refused; never a value.
    func query(clientID: String, _ query: DatabaseQuery, actor: String) async throws -> DatabaseQueryResult {
        if let limit = query.limit, !DatabaseQuery.limits.contains(limit) {
            throw IntegrationError(.invalid, "limit must be 1 to \(DatabaseQuery.limits.upperBound)", field: "limit")
        }
        let record = try await integration(clientID: clientID, type: .database)
        let live = try await liveInstance(record)
        let input = Data(IntegrationRecord.configText(query.providerInput).utf8)
        let answer: PluginCallResult
        do {
            answer = try await live.instance.invoke("query", input: input, timeoutMs: Self.queryTimeoutMs)
        } catch {
            throw IntegrationError(.providerUnavailable, error.message)
        }
        var detail: [String: JSONValue] = [
            "operation": .string((query.operation ?? .select).rawValue), "duration_ms": .integer(Int64(answer.elapsedMs)),
        ]
        let outcome = Result(catching: { () throws(IntegrationError) in try Self.queryResult(answer, secrets: live.secrets) })
        switch outcome {
        case .success(let result): detail["rows"] = .integer(Int64(result.count))
        case .failure(let error): detail["refused"] = .string(error.code.name)
        }
        try await audit.appendAudit(
            AuditEntry(clientID: clientID, actor: actor, action: "database.query", target: String(query.table.prefix(128)), detail: detail))
        return try outcome.get()
    }

    /// The provider's answer as a result, or the error it means: a table or write the integration forbids is
    /// `notAllowed` (the provider names `table` or `operation`; the request's shape was checked before), any other
    /// failure `providerFailed`, its message cleaned of the integration's secrets.
    private static func queryResult(_ answer: PluginCallResult, secrets: [String]) throws(IntegrationError) -> DatabaseQueryResult {
        guard answer.status == .ok else {
            let message = SecretMask.scrub(answer.errorMessage ?? "the database refused the query (\(answer.status.name))", secrets: secrets)
            let field = answer.errorFieldName
            if answer.status == .invalid, field == "table" || field == "operation" {
                throw IntegrationError(.notAllowed, message, field: field)
            }
            throw IntegrationError(.providerFailed, message, field: field, status: answer.status)
        }
        struct Output: Decodable {
            let rows: [JSONValue]
            let count: Int?
            let truncated: Bool?
        }
        guard let output = try? JSONDecoder().decode(Output.self, from: answer.output) else {
            throw IntegrationError(.providerFailed, "the database provider answered something that is not a query result", status: .internal)
        }
        return DatabaseQueryResult(
            rows: output.rows, count: output.count ?? output.rows.count, truncated: output.truncated ?? false, latency_ms: Int(answer.elapsedMs))
    }
}
