import Foundation
import GatewayHost
import Testing

/// SQL injection in every field of a query: each attempt is refused (INVALID, naming the field) or bound as a plain
/// value, and the database is unchanged afterwards.
@Suite struct ClientSupabaseInjectionTests {
    private static let byPhone = JSONValue.array([.object(["column": .string("customer_phone"), "op": .string("eq"), "value": .string("5511999990000")])])

    /// Inputs that must be refused, with the field named.
    static let refused: [(input: [String: JSONValue], field: String)] = [
        (["table": .string("orders; DROP TABLE orders")], "table"),
        (["table": .string("orders--")], "table"),
        (["table": .string("\"orders\"")], "table"),
        (["table": .string("public.orders")], "table"),
        (["table": .string("pg_catalog.pg_authid")], "table"),
        (["table": .string("secrets")], "table"),
        (["table": .string("ORDERS")], "table"),
        (["table": .string("orders WHERE 1=1")], "table"),
        (["table": .string("orders"), "columns": .array([.string("id; DROP TABLE orders")])], "columns.0"),
        (["table": .string("orders"), "columns": .array([.string("id"), .string("(SELECT api_key FROM secrets)")])], "columns.1"),
        (["table": .string("orders"), "columns": .array([.string("*")])], "columns.0"),
        (["table": .string("orders"), "columns": .array([.string("id\" FROM secrets --")])], "columns.0"),
        (["table": .string("orders"), "filters": .array([.object(["column": .string("1=1 OR id"), "op": .string("eq"), "value": .integer(1)])])], "filters.0.column"),
        (["table": .string("orders"), "filters": .array([.object(["column": .string("id"), "op": .string("= 1 OR 1=1 --"), "value": .integer(1)])])], "filters.0.op"),
        (["table": .string("orders"), "filters": .array([.object(["column": .string("id"), "op": .string("EQ"), "value": .integer(1)])])], "filters.0.op"),
        (["table": .string("orders"), "filters": .array([.object(["column": .string("id"), "op": .string("is"), "value": .string("NULL OR 1=1")])])], "filters.0.value"),
        (["table": .string("orders"), "filters": .array([.object(["column": .string("id"), "op": .string("in"), "value": .string("(1) OR 1=1")])])], "filters.0.value"),
        (["table": .string("orders"), "filters": .array([.object(["column": .string("id"), "op": .string("eq"), "value": .object(["$gt": .integer(0)])])])], "filters.0.value"),
        (["table": .string("orders"), "order": .array([.object(["column": .string("id; DROP TABLE orders"), "desc": .bool(true)])])], "order.0.column"),
        (["table": .string("orders"), "operation": .string("select; DROP TABLE orders")], "operation"),
        (["table": .string("orders"), "operation": .string("delete"), "filters": byPhone], "operation"),
        (["table": .string("orders"), "operation": .string("update"), "filters": byPhone, "data": .object(["status": .string("x")])], "operation"),
        (["table": .string("orders"), "limit": .integer(0)], "limit"),
    ]

    /// Hostile values: bound as parameters, they match nothing and run nothing.
    static let bound: [JSONValue] = [
        .string("x' OR '1'='1"), .string("'; DROP TABLE orders; --"), .string("5511999990000' --"), .string("%' OR 1=1 --"),
        .string("\\'; DELETE FROM orders; --"), .string("$1"), .string("\u{0}"),
    ]

    @Test func everyInjectionAttemptIsRefusedOrBoundAndTheDatabaseIsUnchanged() async throws {
        let shop = try ShopDatabase()
        let before = try shop.fingerprint()
        let instance = try await ClientSupabasePostgresTests.instance(shop.connectionString)

        for (input, field) in Self.refused {
            let result = try await ClientSupabasePostgresTests.query(input, on: instance)
            #expect(result.status == .invalid, "\(input)")
            #expect(result.errorFieldName == field, "\(input)")
        }
        for value in Self.bound {
            for op in ["eq", "like", "ilike"] {
                let filter = JSONValue.array([.object(["column": .string("status"), "op": .string(op), "value": value])])
                let result = try await ClientSupabasePostgresTests.query(["table": .string("orders"), "filters": filter], on: instance)
                // NUL cannot be a PostgreSQL text value: refused by the database, never run as SQL.
                #expect(result.status == .ok || (value == .string("\u{0}") && result.status == .invalid), "\(value) \(op): \(result.errorMessage ?? "")")
                if result.status == .ok { #expect(try ClientSupabasePostgresTests.rows(result).count == 0, "\(value) \(op)") }
            }
        }
        #expect(try shop.fingerprint() == before)
    }

    @Test func injectionInWrittenDataIsRefusedOrStoredAsPlainText() async throws {
        let shop = try ShopDatabase()
        let writer = try await ClientSupabasePostgresTests.instance(shop.connectionString, readOnly: false)
        let badKey = try await ClientSupabasePostgresTests.query(
            ["table": .string("customers"), "operation": .string("insert"), "data": .object(["name); DROP TABLE customers; --": .string("x")])], on: writer
        )
        #expect(badKey.status == .invalid)
        #expect(badKey.errorFieldName == "data")

        let hostile = "Robert'); DROP TABLE customers; --"
        let stored = try await ClientSupabasePostgresTests.query(
            ["table": .string("customers"), "operation": .string("insert"), "data": .object(["name": .string(hostile), "phone": .string("1")])], on: writer
        )
        #expect(stored.status == .ok)
        #expect(try TestPostgres.psql("SELECT name FROM customers WHERE phone = '1'", database: shop.name) == hostile)
        #expect(try TestPostgres.psql("SELECT count(*) FROM customers", database: shop.name) == "3")
    }
}
