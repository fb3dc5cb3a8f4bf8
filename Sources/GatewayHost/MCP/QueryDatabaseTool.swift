import MCP

/// `query_database`: reads the client's database through its database integration, like
/// `POST /api/integrations/database/query` with `operation` select. The provider holds the rules (allowed tables,
/// bound values, row cap); a table that is not allowed is an error result `TABLE_NOT_ALLOWED`. Writes stay on the REST
/// route: a tool that can delete deserves its own name and a destructive hint.
struct QueryDatabaseTool: AgentTool {
    let integrations: IntegrationService

    let definition = AgentToolDefinition(
        name: "query_database", title: "Query the client's database",
        description: """
            Read rows from one of the tables the client's database integration allows (its allowed_tables). Filters compare a column \
            with a value (op: eq, neq, gt, gte, lt, lte, like, ilike, in, is); values are always sent as data, never as SQL. Rows are \
            capped by the integration's max_rows; truncated says whether more matched.
            """,
        input: ToolSchema.extending("DatabaseQuery", removing: ["operation", "data"]),
        output: ToolSchema.extending("DatabaseQueryResult"),
        annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true)
    )

    func run(_ arguments: ToolArguments, for caller: ToolCaller) async throws -> JSONValue {
        let result = try await integrations.query(clientID: caller.clientID, arguments.decode(DatabaseQuery.self), actor: caller.actor)
        return try JSONValue(encoding: result)
    }
}
