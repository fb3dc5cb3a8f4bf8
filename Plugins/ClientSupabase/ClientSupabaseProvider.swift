import Foundation
public import ProviderKit

/// A customer's database, for AI agents to read (and, when allowed, write) safely: Supabase/PostgREST (`rest`) or
/// PostgreSQL through libpq (`postgres`). Whatever the caller sends, only allowed tables, plain identifiers and known
/// operators pass, values are only ever bound or URL-encoded, and rows are capped.
final class ClientSupabaseProvider: Provider {
    static let manifest = ProviderManifest(
        id: "client_supabase",
        name: "Customer database (Supabase / PostgreSQL)",
        version: "1.0.0",
        kind: "database",
        ops: ["test", "query"],
        config: [
            ConfigField("mode", .string, required: true, destination: true, description: "rest (Supabase/PostgREST) or postgres (libpq)", example: .string("postgres")),
            ConfigField("supabase_url", .string, destination: true, description: "rest: the project URL", example: .string("https://project.supabase.co")),
            ConfigField("supabase_key", .string, secret: true, description: "rest: the API key (sent as apikey and Bearer)", example: .string("example-supabase-key")),
            ConfigField("connection_string", .string, secret: true, destination: true, description: "postgres: a libpq connection string or URI", example: .string("postgresql://agent:example@127.0.0.1:5432/shop")),
            ConfigField("read_only", .boolean, description: "default true: only select, in READ ONLY transactions", example: .bool(true)),
            ConfigField("allowed_tables", .array, required: true, description: "the only tables queries may touch", example: .array([.string("orders")])),
            ConfigField("max_rows", .integer, description: "row cap per query (default 100, at most 10000)", example: .integer(100)),
            ConfigField("statement_timeout_ms", .integer, description: "postgres: statement timeout (default 5000)", example: .integer(5_000)),
        ],
        webhook: false,
        threadSafe: true
    )

    private let backend: any QueryBackend
    private let policy: QueryPolicy

    init(config: ProviderConfig) throws(ProviderError) {
        let tables = config.values["allowed_tables"]?.array ?? []
        let names = tables.compactMap(\.string)
        guard !names.isEmpty, names.count == tables.count, names.allSatisfy(Identifier.isPlain) else {
            throw .invalid("allowed_tables must list at least one plain table name", field: "allowed_tables")
        }
        let maxRows = config.integer("max_rows") ?? 100
        guard (1...10_000).contains(maxRows) else { throw .invalid("max_rows must be 1 to 10000", field: "max_rows") }
        let readOnly = config.bool("read_only") ?? true
        policy = QueryPolicy(allowedTables: Set(names), readOnly: readOnly, maxRows: Int(maxRows))

        switch config.string("mode") {
        case "rest":
            let url = try config.requiredString("supabase_url")
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw .invalid("supabase_url must be an http(s) URL", field: "supabase_url")
            }
            backend = PostgRESTBackend(baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url, key: try config.requiredString("supabase_key"))
        case "postgres":
            let options = try ConnectionOptions(try config.requiredString("connection_string"))
            let timeout = config.integer("statement_timeout_ms") ?? 5_000
            guard (1...600_000).contains(timeout) else { throw .invalid("statement_timeout_ms must be 1 to 600000", field: "statement_timeout_ms") }
            backend = PostgresBackend(options: options, readOnly: readOnly, statementTimeoutMs: timeout)
        default:
            throw .invalid("mode must be rest or postgres", field: "mode")
        }
    }

    func invoke(_ call: ProviderCall) throws -> any Encodable {
        switch call.op {
        case "test":
            let started = ContinuousClock.now
            let found = try backend.tablesFound(policy.allowedTables.sorted(), context: call.context)
            let elapsed = started.duration(to: .now).components
            return TestResult(
                message: "connected; \(found.count) of \(policy.allowedTables.count) allowed tables found", tablesFound: found,
                latencyMs: Int(elapsed.seconds) * 1000 + Int(elapsed.attoseconds / 1_000_000_000_000_000)
            )
        default:
            return try backend.run(ValidatedQuery(call.decode(QueryRequest.self), policy: policy), context: call.context)
        }
    }

    struct TestResult: Encodable {
        let message: String
        let tablesFound: [String]
        let latencyMs: Int

        enum CodingKeys: String, CodingKey {
            case message
            case tablesFound = "tables_found"
            case latencyMs = "latency_ms"
        }
    }
}

@_cdecl("gw_provider_entry_v1")
public func entry(_ host: HostAPIPointer?) -> VTablePointer? { export(ClientSupabaseProvider.self, host) }
