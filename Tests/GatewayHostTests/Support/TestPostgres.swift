import Foundation

/// The throwaway PostgreSQL cluster `make test` starts (scripts/postgres-test-cluster.sh), and sample databases in it.
enum TestPostgres {
    struct NotRunning: Error, CustomStringConvertible {
        var description: String { "GATEWAY_TEST_POSTGRES_PORT is not set: run the suite with `make test`, which starts PostgreSQL" }
    }

    static func port() throws -> String {
        guard let port = ProcessInfo.processInfo.environment["GATEWAY_TEST_POSTGRES_PORT"] else { throw NotRunning() }
        return port
    }

    /// Runs SQL as the superuser over the cluster's socket (or as `user` over TCP with `password`); returns psql's
    /// unaligned output.
    @discardableResult
    static func psql(_ sql: String, database: String = "postgres", user: String? = nil, password: String? = nil) throws -> String {
        try psql([sql], database: database, user: user, password: password)
    }

    /// Runs each statement with its own `-c`, in one session; the output of each follows the one before.
    @discardableResult
    static func psql(_ statements: [String], database: String = "postgres", user: String? = nil, password: String? = nil) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        guard let socket = environment["GATEWAY_TEST_POSTGRES_SOCKET"] else { throw NotRunning() }
        let host = user == nil ? socket : "127.0.0.1"
        let psql = try ChildProcess(
            "/usr/bin/psql", ["-h", host, "-p", try port(), "-U", user ?? "postgres", "-d", database, "-At", "-v", "ON_ERROR_STOP=1"] + statements.flatMap { ["-c", $0] },
            environment: password.map { environment.merging(["PGPASSWORD": $0]) { $1 } } ?? environment, output: .pipe, errors: .pipe)
        let text = String(decoding: psql.output?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        guard psql.wait() == .succeeded else {
            throw PSQLFailed(message: String(decoding: psql.errors?.readDataToEndOfFile() ?? Data(), as: UTF8.self))
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A new database and a new login role with `password`, named `<databasePrefix>_<suffix>` and
    /// `<rolePrefix>_<suffix>`; the role owns the database when `roleOwns`.
    static func createDatabase(_ databasePrefix: String, role rolePrefix: String, password: String, roleOwns: Bool) throws -> (name: String, role: String) {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let name = "\(databasePrefix)_\(suffix)"
        let role = "\(rolePrefix)_\(suffix)"
        try psql("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'")
        try psql("CREATE DATABASE \(name)" + (roleOwns ? " OWNER \(role)" : ""))
        return (name, role)
    }

    /// What psql said when a statement failed.
    struct PSQLFailed: Error {
        let message: String
    }
}

/// A sample shop database with its own login role, made fresh for one test.
struct ShopDatabase {
    let name: String
    let role: String
    let password = "agent-pw-1357"

    init() throws {
        (name, role) = try TestPostgres.createDatabase("shop", role: "agent", password: password, roleOwns: false)
        try TestPostgres.psql(
            """
            CREATE TABLE orders (id serial PRIMARY KEY, customer_phone text NOT NULL, status text NOT NULL, total numeric(10,2) NOT NULL, notes jsonb,
                created_at timestamptz NOT NULL);
            CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, phone text NOT NULL);
            CREATE TABLE secrets (id serial PRIMARY KEY, api_key text NOT NULL);
            INSERT INTO orders (customer_phone, status, total, notes, created_at) VALUES
                ('5511999990000', 'paid', 120.50, NULL, '2026-11-01T10:00:00Z'),
                ('5511999990000', 'shipped', 80.00, '{"gift": true}', '2026-11-02T10:00:00Z'),
                ('5511999990000', 'delivered', 45.90, NULL, '2026-11-03T10:00:00Z'),
                ('5521988887777', 'paid', 300.00, NULL, '2026-11-04T10:00:00Z'),
                ('5521988887777', 'cancelled', 10.00, '{"reason": "duplicate"}', '2026-11-05T10:00:00Z');
            INSERT INTO customers (name, phone) VALUES ('Ana', '5511999990000'), ('Bruno', '5521988887777');
            INSERT INTO secrets (api_key) VALUES ('sk-live-do-not-leak');
            CREATE FUNCTION touch_customers() RETURNS integer LANGUAGE sql AS $$ INSERT INTO customers (name, phone) VALUES ('x', 'x') RETURNING 1 $$;
            CREATE VIEW touching AS SELECT touch_customers() AS touched;
            CREATE VIEW slow AS SELECT 1 AS slept FROM pg_sleep(2);
            GRANT SELECT, INSERT, UPDATE, DELETE ON orders, customers, secrets, touching, slow TO \(role);
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(role);
            """, database: name
        )
    }

    var connectionString: String {
        get throws { "postgresql://\(role):\(password)@127.0.0.1:\(try TestPostgres.port())/\(name)" }
    }

    /// A digest of every row of every table and the list of relations: equal before and after means nothing changed.
    func fingerprint() throws -> String {
        try TestPostgres.psql(
            """
            SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
                SELECT 'o' || row_to_json(o)::text AS x FROM orders o UNION ALL SELECT 'c' || row_to_json(c)::text FROM customers c
                UNION ALL SELECT 's' || row_to_json(s)::text FROM secrets s
                UNION ALL SELECT 'r' || relname FROM pg_class WHERE relnamespace = 'public'::regnamespace) z
            """, database: name
        )
    }
}

/// A fresh gateway database owned by its own ordinary login role (not a superuser, so row-level security binds it),
/// for one test.
struct GatewayDatabase {
    let name: String
    let role: String
    let password = "gateway-app-pw-2468"

    init() throws {
        (name, role) = try TestPostgres.createDatabase("gw", role: "gwapp", password: password, roleOwns: true)
    }

    var url: String {
        get throws { "postgresql://\(role):\(password)@127.0.0.1:\(try TestPostgres.port())/\(name)" }
    }

    /// Runs SQL as the application role itself, over TCP with its password, outside the gateway.
    func psqlAsApplication(_ statements: String...) throws -> String {
        try TestPostgres.psql(statements, database: name, user: role, password: password)
    }
}
