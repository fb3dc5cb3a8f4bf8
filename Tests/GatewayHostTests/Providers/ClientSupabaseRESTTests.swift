import Foundation
import GatewayHost
import Logging
import Testing

/// The real libClientSupabase.so in `rest` mode against a local PostgREST: the exact URLs and headers it sends.
@Suite struct ClientSupabaseRESTTests {
    private func instance(_ url: String, key: String = FakePostgREST.key, readOnly: Bool = true) async throws -> PluginInstance {
        let plugin = try await PluginLoader.load(path: ClientSupabasePostgresTests.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        let config: [String: JSONValue] = [
            "mode": .string("rest"), "supabase_url": .string(url), "supabase_key": .string(key), "read_only": .bool(readOnly),
            "allowed_tables": .array([.string("orders"), .string("customers"), .string("refunds")]), "max_rows": .integer(3),
        ]
        return try await plugin.createInstance(config: JSONEncoder().encode(config)).get()
    }

    private func withFake(rowCount: Int = 2, _ body: @Sendable (_ url: String, _ fake: FakePostgREST) async throws -> Void) async throws {
        let fake = FakePostgREST(rowCount: rowCount)
        try await LocalServer.run(fake.router) { url in try await body(url, fake) }
    }

    @Test func selectBuildsThePostgRESTURLWithBothKeyHeaders() async throws {
        try await withFake { url, fake in
            let input: [String: JSONValue] = [
                "table": .string("orders"), "columns": .array([.string("id"), .string("status")]),
                "filters": .array([
                    .object(["column": .string("customer_phone"), "op": .string("eq"), "value": .string("+5511999990000")]),
                    .object(["column": .string("status"), "op": .string("in"), "value": .array([.string("paid"), .string("a,b")])]),
                    .object(["column": .string("notes"), "op": .string("is"), "value": .null]),
                ]),
                "order": .array([.object(["column": .string("created_at"), "desc": .bool(true)])]), "limit": .integer(2),
            ]
            let result = try await instance(url).invoke("query", input: JSONEncoder().encode(input), timeoutMs: 30_000)
            #expect(result.status == .ok, "\(result.errorMessage ?? "")")
            let request = try #require(fake.log.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/rest/v1/orders")
            #expect(
                request.query
                    == "select=id%2Cstatus&customer_phone=eq.%2B5511999990000&status=in.%28%22paid%22%2C%22a%2Cb%22%29&notes=is.null&order=created_at.desc&limit=3"
            )
            #expect(request.headers["apikey"] == FakePostgREST.key)
            #expect(request.headers["authorization"] == "Bearer \(FakePostgREST.key)")
            let answer = try JSONDecoder().decode(ClientSupabasePostgresTests.Rows.self, from: result.output)
            #expect(answer.count == 2)
            #expect(!answer.truncated)
        }
    }

    @Test func aHostileValueStaysOneEncodedFilterValue() async throws {
        try await withFake { url, fake in
            let input: [String: JSONValue] = [
                "table": .string("orders"),
                "filters": .array([.object(["column": .string("status"), "op": .string("eq"), "value": .string("paid&select=*&or=(id.gt.0)")])]),
            ]
            let result = try await instance(url).invoke("query", input: JSONEncoder().encode(input), timeoutMs: 30_000)
            #expect(result.status == .ok)
            #expect(fake.log.requests.first?.query == "select=%2A&status=eq.paid%26select%3D%2A%26or%3D%28id.gt.0%29&limit=4")
        }
    }

    @Test func moreRowsThanTheCapAreTruncated() async throws {
        try await withFake(rowCount: 4) { url, _ in
            let result = try await instance(url).invoke("query", input: Data(#"{"table":"orders"}"#.utf8), timeoutMs: 30_000)
            let answer = try JSONDecoder().decode(ClientSupabasePostgresTests.Rows.self, from: result.output)
            #expect(answer.count == 3)
            #expect(answer.truncated)
        }
    }

    @Test func refusedTablesAndWritesNeverReachTheServer() async throws {
        try await withFake { url, fake in
            let supabase = try await instance(url)
            #expect(try await supabase.invoke("query", input: Data(#"{"table":"secrets"}"#.utf8), timeoutMs: 30_000).status == .invalid)
            #expect(try await supabase.invoke("query", input: Data(#"{"table":"orders","operation":"insert","data":{"status":"x"}}"#.utf8), timeoutMs: 30_000).status == .invalid)
            #expect(fake.log.requests.isEmpty)
        }
    }

    @Test func anInsertPostsTheRowsAndAsksForThemBack() async throws {
        try await withFake { url, fake in
            let input = Data(#"{"table":"customers","operation":"insert","data":{"name":"Eve","phone":"5531977776666"}}"#.utf8)
            #expect(try await instance(url, readOnly: false).invoke("query", input: input, timeoutMs: 30_000).status == .ok)
            let request = try #require(fake.log.requests.first)
            #expect(request.method == "POST")
            #expect(request.headers["prefer"] == "return=representation")
        }
    }

    @Test func testReportsWhichAllowedTablesExist() async throws {
        try await withFake { url, fake in
            let result = try await instance(url).invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(result.status == .ok)
            let answer = try JSONDecoder().decode([String: JSONValue].self, from: result.output)
            #expect(answer["tables_found"] == .array([.string("customers"), .string("orders")]))
            #expect(fake.log.requests.map(\.query).allSatisfy { $0 == "select=%2A&limit=0" })
        }
    }

    @Test func aWrongKeyIsAuth() async throws {
        try await withFake { url, _ in
            let wrongKey = try await instance(url, key: "wrong")
            #expect(try await wrongKey.invoke("query", input: Data(#"{"table":"orders"}"#.utf8), timeoutMs: 30_000).status == .auth)
        }
    }
}
