import Foundation
import GatewayHost
import Logging
import Testing

/// The real libClientSupabase.so in `postgres` mode against a real PostgreSQL with a sample schema.
@Suite struct ClientSupabasePostgresTests {
    static let plugin = TestPaths.buildDirectory.appendingPathComponent("libClientSupabase.so").path

    static func instance(
        _ connectionString: String, readOnly: Bool = true, tables: [String] = ["orders", "customers", "touching", "slow"], maxRows: Int = 100,
        statementTimeoutMs: Int = 5_000
    ) async throws -> PluginInstance {
        let plugin = try await PluginLoader.load(path: Self.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        let config: [String: JSONValue] = [
            "mode": .string("postgres"), "connection_string": .string(connectionString), "read_only": .bool(readOnly),
            "allowed_tables": .array(tables.map(JSONValue.string)), "max_rows": .integer(Int64(maxRows)), "statement_timeout_ms": .integer(Int64(statementTimeoutMs)),
        ]
        return try await plugin.createInstance(config: JSONEncoder().encode(config)).get()
    }

    static func query(_ input: [String: JSONValue], on instance: PluginInstance) async throws -> PluginCallResult {
        try await instance.invoke("query", input: JSONEncoder().encode(input), timeoutMs: 10_000)
    }

    struct Rows: Decodable {
        let rows: [[String: JSONValue]]
        let count: Int
        let truncated: Bool
    }

    static func rows(_ result: PluginCallResult) throws -> Rows {
        try JSONDecoder().decode(Rows.self, from: result.output)
    }

    @Test func selectFiltersOrdersAndCapsRowsWithTheirTypes() async throws {
        let shop = try ShopDatabase()
        let result = try await Self.query(
            [
                "table": .string("orders"), "columns": .array([.string("id"), .string("status"), .string("total"), .string("notes")]),
                "filters": .array([.object(["column": .string("customer_phone"), "op": .string("eq"), "value": .string("5511999990000")])]),
                "order": .array([.object(["column": .string("created_at"), "desc": .bool(true)])]), "limit": .integer(2),
            ], on: Self.instance(shop.connectionString)
        )
        #expect(result.status == .ok, "\(result.errorMessage ?? "")")
        let answer = try Self.rows(result)
        #expect(answer.count == 2)
        #expect(answer.truncated, "three orders match; two were asked for")
        #expect(answer.rows.first == ["id": .integer(3), "status": .string("delivered"), "total": .number(45.9), "notes": .null])
        #expect(answer.rows.last?["notes"] == .object(["gift": .bool(true)]))
    }

    @Test(arguments: [
        ("gt", JSONValue.number(100), 2), ("gte", .number(80), 3), ("lt", .integer(46), 2), ("lte", .number(45.9), 2), ("neq", .string("paid"), 3),
        ("like", .string("%ed"), 3), ("ilike", .string("PAI%"), 2), ("in", .array([.integer(1), .integer(5)]), 2), ("is", .null, 3),
    ])
    func everyOperatorFilters(op: String, value: JSONValue, matches: Int) async throws {
        let shop = try ShopDatabase()
        let column = ["like", "ilike", "neq"].contains(op) ? "status" : op == "in" ? "id" : op == "is" ? "notes" : "total"
        let result = try await Self.query(
            ["table": .string("orders"), "filters": .array([.object(["column": .string(column), "op": .string(op), "value": value])])],
            on: Self.instance(shop.connectionString)
        )
        #expect(result.status == .ok, "\(result.errorMessage ?? "")")
        #expect(try Self.rows(result).count == matches)
    }

    @Test func theConfiguredRowCapWinsOverTheCallersLimit() async throws {
        let shop = try ShopDatabase()
        let result = try await Self.query(["table": .string("orders"), "limit": .integer(50)], on: Self.instance(shop.connectionString, maxRows: 3))
        let answer = try Self.rows(result)
        #expect(answer.count == 3)
        #expect(answer.truncated)
    }

    @Test func aReadOnlyIntegrationRefusesWritesAndRunsReadsInAReadOnlyTransaction() async throws {
        let shop = try ShopDatabase()
        let before = try shop.fingerprint()
        let readOnly = try await Self.instance(shop.connectionString)
        let write = try await Self.query(["table": .string("customers"), "operation": .string("insert"), "data": .object(["name": .string("Eve"), "phone": .string("1")])], on: readOnly)
        #expect(write.status == .invalid)
        #expect(write.errorFieldName == "operation")
        // A view whose function writes: only the READ ONLY transaction stops it.
        let sideEffect = try await Self.query(["table": .string("touching")], on: readOnly)
        #expect(sideEffect.status == .invalid)
        #expect(sideEffect.errorMessage?.contains("read-only") == true)
        #expect(try shop.fingerprint() == before)
    }

    @Test func writesWorkWhenAllowedAndNeedAFilterToUpdateOrDelete() async throws {
        let shop = try ShopDatabase()
        let writer = try await Self.instance(shop.connectionString, readOnly: false)
        let inserted = try await Self.query(["table": .string("customers"), "operation": .string("insert"), "data": .object(["name": .string("Eve"), "phone": .string("5531977776666")])], on: writer)
        #expect(try Self.rows(inserted).rows.first?["name"] == .string("Eve"))
        let byEve = JSONValue.array([.object(["column": .string("name"), "op": .string("eq"), "value": .string("Eve")])])
        let updated = try await Self.query(["table": .string("customers"), "operation": .string("update"), "filters": byEve, "data": .object(["phone": .string("0")])], on: writer)
        #expect(try Self.rows(updated).rows.first?["phone"] == .string("0"))
        let unfiltered = try await Self.query(["table": .string("customers"), "operation": .string("delete")], on: writer)
        #expect(unfiltered.status == .invalid)
        #expect(unfiltered.errorFieldName == "filters")
        let deleted = try await Self.query(["table": .string("customers"), "operation": .string("delete"), "filters": byEve], on: writer)
        #expect(try Self.rows(deleted).count == 1)
        #expect(try TestPostgres.psql("SELECT count(*) FROM customers", database: shop.name) == "2")
    }

    @Test func aSlowStatementHitsTheStatementTimeout() async throws {
        let shop = try ShopDatabase()
        let result = try await Self.query(["table": .string("slow")], on: Self.instance(shop.connectionString, statementTimeoutMs: 200))
        #expect(result.status == .timeout)
    }

    /// The server's statement timeout bounds a query by the call's deadline; a call the host cancels sooner (a
    /// shutdown) gets its query cancelled on the server (`PQcancel`), not left running for nobody.
    @Test func aCancelledCallCancelsItsQueryOnTheServer() async throws {
        let shop = try ShopDatabase()
        try TestPostgres.psql(["CREATE VIEW glacial AS SELECT 1 AS slept FROM pg_sleep(60)", "GRANT SELECT ON glacial TO \(shop.role)"], database: shop.name)
        let instance = try await Self.instance(shop.connectionString, tables: ["glacial"], statementTimeoutMs: 120_000)
        let call = Task { try await instance.invoke("query", input: Data(#"{"table":"glacial"}"#.utf8), timeoutMs: 60_000) }
        let running = "SELECT count(*) FROM pg_stat_activity WHERE usename = '\(shop.role)' AND state = 'active'"
        #expect(await eventually { (try? TestPostgres.psql(running)) == "1" }, "the query is running")
        call.cancel()
        let result = try await call.value
        #expect(result.status == .timeout)
        #expect(result.errorMessage == "the query was cancelled on the server: the call's deadline passed, or the host cancelled the call")
        #expect(await eventually(within: .seconds(20)) { (try? TestPostgres.psql(running)) == "0" }, "the server stopped the query (it would run 60 s)")
    }

    @Test func testReportsWhichAllowedTablesExist() async throws {
        let shop = try ShopDatabase()
        let instance = try await Self.instance(shop.connectionString, tables: ["orders", "customers", "refunds"])
        let result = try await instance.invoke("test", input: Data("{}".utf8), timeoutMs: 10_000)
        #expect(result.status == .ok)
        let answer = try JSONDecoder().decode([String: JSONValue].self, from: result.output)
        #expect(answer["tables_found"] == .array([.string("customers"), .string("orders")]))
        #expect(answer["latency_ms"]?.isNumber == true)
    }

    @Test func wrongCredentialsAreAuthAndAnUnreachableServerIsRetryable() async throws {
        let shop = try ShopDatabase()
        let wrong = try await Self.instance(shop.connectionString.replacingOccurrences(of: shop.password, with: "wrong-pw"))
        #expect(try await wrong.invoke("test", input: Data("{}".utf8), timeoutMs: 10_000).status == .auth)
        let closed = try ClosedPort()
        let unreachable = try await Self.instance("postgresql://agent:pw@127.0.0.1:\(closed.port)/shop")
        #expect(try await unreachable.invoke("test", input: Data("{}".utf8), timeoutMs: 10_000).status == .retryable)
        withExtendedLifetime(closed) {}
    }

    @Test func aMalformedConnectionStringIsInvalidAtCreate() async throws {
        let plugin = try await PluginLoader.load(path: Self.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        let config = #"{"mode":"postgres","connection_string":"host=127.0.0.1 port","allowed_tables":["orders"]}"#
        let failure = try #require(try await plugin.createInstance(config: Data(config.utf8)).failure)
        #expect(failure.result.errorFieldName == "connection_string")
    }
}

extension JSONValue {
    var isNumber: Bool {
        switch self {
        case .integer, .number: true
        default: false
        }
    }
}
