import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// `POST /api/integrations/database/query` through the real ClientSupabase plugin against a real PostgreSQL: the
/// integration's allowed tables and read-only mode hold, values stay values, and every query is audited without them.
@Suite struct DatabaseQueryAPITests {
    private func withShop(readOnly: Bool, _ body: @Sendable (any TestClientProtocol, String, ShopDatabase) async throws -> Void) async throws {
        let gateway = try await TestGateway.start(plugins: ["ClientSupabase"])
        let shop = try ShopDatabase()
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            let configured = try await client.call(
                .post, "/api/integrations/database/configure", token: token,
                json:
                    #"{"config":{"mode":"postgres","connection_string":"\#(try shop.connectionString)","allowed_tables":["orders"],"read_only":\#(readOnly)}}"#
            )
            #expect(configured.status == .ok, "\(configured.text)")
            try await body(client, token, shop)
        }
    }

    private let route = "/api/integrations/database/query"

    @Test func aQueryReadsAllowedRowsWithValuesBoundAndIsAudited() async throws {
        try await withShop(readOnly: true) { client, token, shop in
            let answer = try await client.call(
                .post, route, token: token,
                json:
                    #"{"table":"orders","select":["id","total"],"filters":[{"column":"status","op":"in","value":["paid","shipped"]}],"order":[{"column":"total","desc":true}],"limit":2}"#
            )
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer["rows"] == [["id": 4, "total": 300], ["id": 1, "total": .number(120.5)]])
            #expect(answer["count"] == 2 && answer["truncated"] == .bool(true) && answer["latency_ms"]?.intValue != nil)

            let before = try shop.fingerprint()
            let injected = try await client.call(
                .post, route, token: token, json: #"{"table":"orders","filters":[{"column":"status","op":"eq","value":"x'; DROP TABLE orders; --"}]}"#
            )
            #expect(injected.status == .ok && injected["count"] == 0)
            #expect(try shop.fingerprint() == before)

            let audit = try await client.call(.get, "/api/audit", token: token)
            let entry = try #require(audit["entries"]?.arrayValue?.first)
            #expect(entry["action"] == "database.query" && entry["target"] == "orders")
            #expect(entry["detail"]?["operation"] == "select" && entry["detail"]?["rows"] == 0)
            #expect(!audit.text.contains("DROP TABLE") && !audit.text.contains("shipped"), "values never reach the audit")
        }
    }

    @Test func aTableNotAllowedOrAWriteWhileReadOnlyIs403() async throws {
        try await withShop(readOnly: true) { client, token, shop in
            let before = try shop.fingerprint()
            let secrets = try await client.call(.post, route, token: token, json: #"{"table":"secrets"}"#)
            #expect(secrets.status == .forbidden && secrets["error_code"] == "TABLE_NOT_ALLOWED", "\(secrets.text)")
            #expect(secrets["error"]?.stringValue?.contains("secrets") == true && !secrets.text.contains("sk-live"))
            let write = try await client.call(
                .post, route, token: token, json: #"{"table":"orders","operation":"delete","filters":[{"column":"id","op":"eq","value":1}]}"#)
            #expect(write.status == .forbidden && write["error_code"] == "READ_ONLY", "\(write.text)")
            let badOperation = try await client.call(.post, route, token: token, json: #"{"table":"orders","operation":"truncate"}"#)
            #expect(badOperation.status == .unprocessableContent && badOperation["details"]?["field"] == "operation")
            let badOperator = try await client.call(
                .post, route, token: token, json: #"{"table":"orders","filters":[{"column":"id","op":"; DROP","value":1}]}"#)
            #expect(badOperator.status == .unprocessableContent && badOperator["details"]?["field"] == "filters.0.op")
            #expect(try shop.fingerprint() == before)
        }
    }

    @Test func writesGoThroughWhenTheIntegrationIsNotReadOnly() async throws {
        try await withShop(readOnly: false) { client, token, _ in
            let inserted = try await client.call(
                .post, route, token: token,
                json:
                    #"{"table":"orders","operation":"insert","data":{"customer_phone":"5511900000000","status":"new","total":1,"created_at":"2026-11-29T10:00:00Z"}}"#
            )
            #expect(inserted.status == .ok && inserted["count"] == 1, "\(inserted.text)")
            let read = try await client.call(
                .post, route, token: token, json: #"{"table":"orders","filters":[{"column":"status","op":"eq","value":"new"}]}"#)
            #expect(read["count"] == 1)
        }
    }

    @Test func aClientWithoutADatabaseIntegrationIs404() async throws {
        let gateway = try await TestGateway.start(plugins: ["ClientSupabase"])
        try await gateway.app.test(.router) { client in
            let answer = try await client.call(.post, route, token: try await gateway.token("globex"), json: #"{"table":"orders"}"#)
            #expect(answer.status == .notFound && answer["error_code"] == "INTEGRATION_NOT_FOUND")
        }
    }
}
