/// Every migration of the gateway's schema, oldest first. Later issues append theirs.
package enum Migrations {
    package static let all: [Migration] = [coreTables]

    /// PostgreSQL: row-level security enabled and forced (the table owner is bound too) on a tenant table, with one
    /// policy: a row is visible and writable when its client is the transaction's `app.client_id`, or when the host
    /// acts for everyone (`app.scope = 'system'`). With neither setting, no row is visible.
    static func tenantPolicy(table: String, column: String = "client_id") -> String {
        let condition = "(\(column) = current_setting('app.client_id', true) OR current_setting('app.scope', true) = 'system')"
        return """
            ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY;
            ALTER TABLE \(table) FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON \(table) USING \(condition) WITH CHECK \(condition);
            """
    }

    static let coreTables = Migration(
        version: 1, name: "clients, integrations, api_keys, audit_log",
        sqlite: """
            CREATE TABLE clients (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
            CREATE TABLE integrations (
                id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
                type TEXT NOT NULL, provider TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, config TEXT NOT NULL,
                last_tested_at TEXT, last_error TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                UNIQUE (client_id, type));
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, name TEXT NOT NULL,
                key_hash TEXT NOT NULL, created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT);
            CREATE INDEX api_keys_by_client ON api_keys (client_id);
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                target TEXT, created_at TEXT NOT NULL);
            CREATE INDEX audit_log_by_client ON audit_log (client_id, id);
            """,
        postgres: """
            CREATE TABLE clients (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
            CREATE TABLE integrations (
                id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
                type TEXT NOT NULL, provider TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, config JSONB NOT NULL,
                last_tested_at TIMESTAMPTZ, last_error TEXT, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
                UNIQUE (client_id, type));
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, name TEXT NOT NULL,
                key_hash TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, last_used_at TIMESTAMPTZ, revoked_at TIMESTAMPTZ);
            CREATE INDEX api_keys_by_client ON api_keys (client_id);
            CREATE TABLE audit_log (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, client_id TEXT NOT NULL, actor TEXT NOT NULL,
                action TEXT NOT NULL, target TEXT, created_at TIMESTAMPTZ NOT NULL);
            CREATE INDEX audit_log_by_client ON audit_log (client_id, id);
            \(tenantPolicy(table: "clients", column: "id"))
            \(tenantPolicy(table: "integrations"))
            \(tenantPolicy(table: "api_keys"))
            \(tenantPolicy(table: "audit_log"))
            """
    )
}
