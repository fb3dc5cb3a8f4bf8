/// Every migration of the gateway's schema, oldest first. Later issues append theirs.
package enum Migrations {
    package static let all: [Migration] = [
        coreTables, messageQueue, secretFieldsAndRetention, auditDetail, inbound, triggers, triggerScans, integrationSwitch, refreshTokens,
        timersByClient, fallbacks,
    ]

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

    /// The embedded delivery queue: one row per message is both the job and its status; idempotency keys live beside
    /// it so a key and its message are written in one transaction. Insertion order (SQLite's rowid, PostgreSQL's `seq`)
    /// breaks ties between jobs queued at the same instant. Integrations gain an optional send rate.
    static let messageQueue = Migration(
        version: 2, name: "messages, idempotency_keys, integrations.send_rate_per_minute",
        sqlite: """
            CREATE TABLE messages (
                id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
                channel TEXT NOT NULL, op TEXT NOT NULL, input TEXT NOT NULL, priority INTEGER NOT NULL,
                status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, available_at TEXT NOT NULL,
                lease_token TEXT, lease_until TEXT, in_doubt INTEGER NOT NULL DEFAULT 0,
                provider_message_id TEXT, error_code TEXT, last_error TEXT,
                created_at TEXT NOT NULL, updated_at TEXT NOT NULL, sent_at TEXT);
            CREATE INDEX messages_ready ON messages (priority, available_at) WHERE status = 'queued';
            CREATE INDEX messages_leased ON messages (lease_until) WHERE status = 'sending';
            CREATE INDEX messages_by_client ON messages (client_id, status, updated_at);
            CREATE TABLE idempotency_keys (
                client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, key TEXT NOT NULL, message_id TEXT NOT NULL,
                fingerprint TEXT NOT NULL, expires_at TEXT NOT NULL, PRIMARY KEY (client_id, key));
            ALTER TABLE integrations ADD COLUMN send_rate_per_minute INTEGER;
            """,
        postgres: """
            CREATE TABLE messages (
                id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
                channel TEXT NOT NULL, op TEXT NOT NULL, input TEXT NOT NULL, priority INTEGER NOT NULL,
                status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, available_at TIMESTAMPTZ NOT NULL,
                lease_token TEXT, lease_until TIMESTAMPTZ, in_doubt INTEGER NOT NULL DEFAULT 0,
                provider_message_id TEXT, error_code TEXT, last_error TEXT,
                created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, sent_at TIMESTAMPTZ,
                seq BIGINT GENERATED ALWAYS AS IDENTITY);
            CREATE INDEX messages_ready ON messages (priority, available_at) WHERE status = 'queued';
            CREATE INDEX messages_leased ON messages (lease_until) WHERE status = 'sending';
            CREATE INDEX messages_by_client ON messages (client_id, status, updated_at);
            CREATE TABLE idempotency_keys (
                client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, key TEXT NOT NULL, message_id TEXT NOT NULL,
                fingerprint TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (client_id, key));
            ALTER TABLE integrations ADD COLUMN send_rate_per_minute INTEGER;
            \(tenantPolicy(table: "messages"))
            \(tenantPolicy(table: "idempotency_keys"))
            """
    )

    /// Integrations record which config fields are sealed (the vault opens exactly those, so a plain value that looks
    /// like a ciphertext stays plain); existing rows get the fields whose values are ciphertexts. Messages and
    /// idempotency keys gain the indexes that retention purges and queue counts read.
    static let secretFieldsAndRetention = Migration(
        version: 3, name: "integrations.secret_fields, retention indexes",
        sqlite: """
            ALTER TABLE integrations ADD COLUMN secret_fields TEXT NOT NULL DEFAULT '[]';
            UPDATE integrations SET secret_fields = (
                SELECT json_group_array(key) FROM (
                    SELECT key FROM json_each(integrations.config) WHERE type = 'text' AND value LIKE 'gwenc:v1:%' ORDER BY key));
            CREATE INDEX messages_by_status ON messages (status, updated_at);
            CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
            """,
        postgres: """
            ALTER TABLE integrations ADD COLUMN secret_fields TEXT NOT NULL DEFAULT '[]';
            UPDATE integrations SET secret_fields = coalesce(
                (SELECT jsonb_agg(key ORDER BY key)::text FROM jsonb_each_text(config) WHERE value LIKE 'gwenc:v1:%'), '[]');
            CREATE INDEX messages_by_status ON messages (status, updated_at);
            CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
            """
    )

    /// Audit entries gain a JSON `detail` (what a database query touched: table, rows, duration; never a value).
    static let auditDetail = Migration(
        version: 4, name: "audit_log.detail",
        sqlite: "ALTER TABLE audit_log ADD COLUMN detail TEXT;",
        postgres: "ALTER TABLE audit_log ADD COLUMN detail TEXT;"
    )

    /// Inbound: per-client limits, contacts (address and name sealed, found by blind index), conversations per
    /// (integration, contact),
    /// message metadata (content only when a client opts in, sealed), the per-client event log (its unique
    /// (integration, dedup key) is the webhook deduplication), the routing index of webhook tokens, the agent endpoint
    /// and the durable debounce buffer (one open turn per conversation).
    static let inbound = Migration(
        version: 5, name: "contacts, conversations, conversation_messages, events, agent_endpoints, open_turns",
        sqlite: inboundTables(time: "TEXT", sequence: "INTEGER PRIMARY KEY AUTOINCREMENT", real: "REAL"),
        postgres: inboundTables(time: "TIMESTAMPTZ", sequence: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", real: "DOUBLE PRECISION") + """
            \(tenantPolicy(table: "contacts"))
            \(tenantPolicy(table: "conversations"))
            \(tenantPolicy(table: "conversation_messages"))
            \(tenantPolicy(table: "events"))
            \(tenantPolicy(table: "agent_endpoints"))
            \(tenantPolicy(table: "open_turns"))
            """
    )

    private static func inboundTables(time: String, sequence: String, real: String) -> String {
        """
        ALTER TABLE integrations ADD COLUMN route_index TEXT;
        ALTER TABLE clients ADD COLUMN limits TEXT NOT NULL DEFAULT '{}';
        CREATE UNIQUE INDEX integrations_by_route ON integrations (provider, route_index);
        CREATE TABLE contacts (
            id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, channel TEXT NOT NULL,
            address_index TEXT NOT NULL, index_key_id TEXT NOT NULL, address TEXT NOT NULL, name TEXT,
            created_at \(time) NOT NULL, updated_at \(time) NOT NULL);
        CREATE UNIQUE INDEX contacts_by_address ON contacts (client_id, channel, address_index);
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
            integration_id TEXT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
            contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE, channel TEXT NOT NULL, status TEXT NOT NULL,
            lead_score \(real), lead_tags TEXT NOT NULL DEFAULT '[]', lead_fields TEXT NOT NULL DEFAULT '{}',
            inbound_count INTEGER NOT NULL DEFAULT 0, outbound_count INTEGER NOT NULL DEFAULT 0,
            created_at \(time) NOT NULL, updated_at \(time) NOT NULL, last_message_at \(time), last_inbound_at \(time), last_outbound_at \(time),
            UNIQUE (integration_id, contact_id));
        CREATE INDEX conversations_by_client ON conversations (client_id, updated_at, id);
        CREATE TABLE conversation_messages (
            id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
            conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE, direction TEXT NOT NULL,
            provider_message_id TEXT, type TEXT NOT NULL, status TEXT NOT NULL, content TEXT, content_expires_at \(time),
            created_at \(time) NOT NULL, sent_at \(time), delivered_at \(time), read_at \(time), failed_at \(time));
        CREATE INDEX conversation_messages_by_conversation ON conversation_messages (conversation_id, created_at);
        CREATE INDEX conversation_messages_by_provider_id ON conversation_messages (client_id, provider_message_id);
        CREATE TABLE events (
            seq \(sequence), id TEXT NOT NULL UNIQUE, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
            integration_id TEXT, conversation_id TEXT, type TEXT NOT NULL, data TEXT NOT NULL, dedup_key TEXT,
            created_at \(time) NOT NULL);
        CREATE UNIQUE INDEX events_dedup ON events (integration_id, dedup_key);
        CREATE INDEX events_by_client ON events (client_id, seq);
        CREATE TABLE agent_endpoints (
            client_id TEXT PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
            debounce_ms INTEGER NOT NULL, max_wait_ms INTEGER NOT NULL, max_messages INTEGER NOT NULL,
            store_content INTEGER NOT NULL, content_retention_days INTEGER NOT NULL, created_at \(time) NOT NULL, updated_at \(time) NOT NULL);
        CREATE TABLE open_turns (
            id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, messages TEXT NOT NULL, message_count INTEGER NOT NULL,
            first_at \(time) NOT NULL, flush_at \(time) NOT NULL, claimed_until \(time));
        CREATE UNIQUE INDEX open_turns_one_per_conversation ON open_turns (conversation_id) WHERE claimed_until IS NULL;
        CREATE INDEX open_turns_due ON open_turns (flush_at);
        """
    }

    /// Triggers (the seed's columns: WHEN, IF and THEN as a type and a JSON config each; a time-based one's reference
    /// column and delay beside them, for SQL), the timers armed per (trigger, conversation), executions, one per
    /// (trigger, conversation, episode) or (trigger, event), which outlive a deleted trigger for the audit, and how far
    /// the scheduler has read the event log; the message templates triggers send, and each client's business hours.
    static let triggers = Migration(
        version: 6, name: "triggers, trigger_timers, trigger_executions, scheduler_cursors, message_templates, business_hours",
        sqlite: triggerTables(time: "TEXT", sequence: "INTEGER PRIMARY KEY AUTOINCREMENT"),
        postgres: triggerTables(time: "TIMESTAMPTZ", sequence: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY") + """
            \(tenantPolicy(table: "triggers"))
            \(tenantPolicy(table: "trigger_timers"))
            \(tenantPolicy(table: "trigger_executions"))
            \(tenantPolicy(table: "message_templates"))
            \(tenantPolicy(table: "business_hours"))
            """
    )

    private static func triggerTables(time: String, sequence: String) -> String {
        """
        CREATE TABLE triggers (
            id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, name TEXT NOT NULL, description TEXT,
            trigger_type TEXT NOT NULL, trigger_config TEXT NOT NULL, condition_type TEXT NOT NULL, condition_config TEXT NOT NULL,
            action_type TEXT NOT NULL, action_config TEXT NOT NULL, active INTEGER NOT NULL, execution_count INTEGER NOT NULL DEFAULT 0,
            last_executed_at \(time), created_at \(time) NOT NULL, updated_at \(time) NOT NULL,
            reference_field TEXT, delay_seconds INTEGER);
        CREATE INDEX triggers_by_client ON triggers (client_id, created_at);
        CREATE INDEX triggers_time_based ON triggers (client_id, trigger_type, active);
        CREATE TABLE trigger_timers (
            trigger_id TEXT NOT NULL REFERENCES triggers (id) ON DELETE CASCADE,
            conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, reference_at \(time) NOT NULL, due_at \(time) NOT NULL,
            claimed_until \(time), PRIMARY KEY (trigger_id, conversation_id));
        CREATE INDEX trigger_timers_due ON trigger_timers (due_at);
        CREATE TABLE trigger_executions (
            seq \(sequence), id TEXT NOT NULL UNIQUE, trigger_id TEXT NOT NULL, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
            conversation_id TEXT, episode_at \(time), event_id TEXT, kind TEXT NOT NULL, status TEXT NOT NULL, executed_at \(time) NOT NULL,
            condition_met INTEGER NOT NULL, action_executed INTEGER NOT NULL, result TEXT, error_message TEXT, skip_reason TEXT,
            execution_time_ms INTEGER NOT NULL, UNIQUE (trigger_id, conversation_id, episode_at), UNIQUE (trigger_id, event_id));
        CREATE INDEX trigger_executions_by_trigger ON trigger_executions (client_id, trigger_id, seq);
        CREATE TABLE scheduler_cursors (name TEXT PRIMARY KEY, position BIGINT NOT NULL);
        CREATE TABLE business_hours (
            client_id TEXT PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE, timezone TEXT NOT NULL, windows TEXT NOT NULL,
            updated_at \(time) NOT NULL);
        CREATE TABLE message_templates (
            client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, id TEXT NOT NULL, channel TEXT NOT NULL, subject TEXT,
            body TEXT NOT NULL, created_at \(time) NOT NULL, updated_at \(time) NOT NULL, PRIMARY KEY (client_id, id));
        """
    }

    /// The lease that lets one process lead the scans every process could run (the event log, schedules,
    /// conditions), the conversations where a condition-based trigger's condition holds (so it fires once per
    /// crossing), event fires waiting for business hours, conversations in a stable order for a schedule's audience,
    /// and messages by their sent time (an integration's messages sent today).
    static let triggerScans = Migration(
        version: 7, name: "scheduler_leases, trigger_condition_states, trigger_deferrals",
        sqlite: triggerScanTables(time: "TEXT"),
        postgres: triggerScanTables(time: "TIMESTAMPTZ") + """
            \(tenantPolicy(table: "trigger_condition_states"))
            \(tenantPolicy(table: "trigger_deferrals"))
            """
    )

    private static func triggerScanTables(time: String) -> String {
        """
        CREATE TABLE scheduler_leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at \(time) NOT NULL);
        CREATE TABLE trigger_condition_states (
            trigger_id TEXT NOT NULL REFERENCES triggers (id) ON DELETE CASCADE,
            conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, PRIMARY KEY (trigger_id, conversation_id));
        CREATE TABLE trigger_deferrals (
            trigger_id TEXT NOT NULL REFERENCES triggers (id) ON DELETE CASCADE, event_id TEXT NOT NULL,
            client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, due_at \(time) NOT NULL, claimed_until \(time),
            PRIMARY KEY (trigger_id, event_id));
        CREATE INDEX trigger_deferrals_due ON trigger_deferrals (due_at);
        CREATE INDEX conversations_by_client_and_id ON conversations (client_id, id);
        CREATE INDEX conversation_messages_sent ON conversation_messages (client_id, sent_at);
        """
    }

    /// An integration can be switched off (`PATCH /api/integrations/{id}`) without losing its config.
    static let integrationSwitch = Migration(
        version: 8, name: "integrations.enabled",
        sqlite: "ALTER TABLE integrations ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;",
        postgres: "ALTER TABLE integrations ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;"
    )

    /// Refresh tokens (`POST /api/auth/token`, `/refresh`, `/revoke`): the secret's hash only, one family per exchange
    /// of an API key, so reusing a spent token revokes every token of its family.
    static let refreshTokens = Migration(
        version: 9, name: "refresh_tokens",
        sqlite: refreshTokenTable(time: "TEXT"),
        postgres: refreshTokenTable(time: "TIMESTAMPTZ") + tenantPolicy(table: "refresh_tokens")
    )

    private static func refreshTokenTable(time: String) -> String {
        """
        CREATE TABLE refresh_tokens (
            id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE, family_id TEXT NOT NULL,
            api_key_id TEXT NOT NULL, secret_hash TEXT NOT NULL, created_at \(time) NOT NULL, expires_at \(time) NOT NULL,
            used_at \(time), revoked_at \(time));
        CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
        """
    }

    /// The scheduler claims each client's due timers in turn (`TriggerScheduler.fireDueTimers`).
    static let timersByClient = Migration(
        version: 10, name: "trigger_timers by client",
        sqlite: "CREATE INDEX trigger_timers_client_due ON trigger_timers (client_id, due_at);",
        postgres: "CREATE INDEX trigger_timers_client_due ON trigger_timers (client_id, due_at);"
    )

    /// Failover: a type's integrations are one primary (what its routes and sends use, unique per client and type)
    /// and fallbacks it names in order (`fallback_ids`, a JSON array); a message records the integrations it left
    /// (`provider_history`). SQLite cannot drop a table constraint, so it rebuilds the table (its own recipe: the
    /// migrator turns foreign keys off around it and checks them before committing).
    static let fallbacks = Migration(
        version: 11, name: "integrations.role and fallback_ids, messages.provider_history",
        sqlite: """
            CREATE TABLE integrations_rebuilt (
                id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
                type TEXT NOT NULL, provider TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, config TEXT NOT NULL,
                last_tested_at TEXT, last_error TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                send_rate_per_minute INTEGER, secret_fields TEXT NOT NULL DEFAULT '[]', route_index TEXT,
                enabled INTEGER NOT NULL DEFAULT 1, role TEXT NOT NULL DEFAULT 'primary', fallback_ids TEXT NOT NULL DEFAULT '[]');
            INSERT INTO integrations_rebuilt (
                id, client_id, type, provider, name, status, config, last_tested_at, last_error, created_at, updated_at,
                send_rate_per_minute, secret_fields, route_index, enabled)
            SELECT id, client_id, type, provider, name, status, config, last_tested_at, last_error, created_at, updated_at,
                send_rate_per_minute, secret_fields, route_index, enabled FROM integrations;
            DROP TABLE integrations;
            ALTER TABLE integrations_rebuilt RENAME TO integrations;
            CREATE UNIQUE INDEX integrations_by_route ON integrations (provider, route_index);
            CREATE UNIQUE INDEX integrations_primary ON integrations (client_id, type) WHERE role = 'primary';
            ALTER TABLE messages ADD COLUMN provider_history TEXT NOT NULL DEFAULT '[]';
            """,
        postgres: """
            ALTER TABLE integrations DROP CONSTRAINT integrations_client_id_type_key;
            ALTER TABLE integrations ADD COLUMN role TEXT NOT NULL DEFAULT 'primary';
            ALTER TABLE integrations ADD COLUMN fallback_ids TEXT NOT NULL DEFAULT '[]';
            CREATE UNIQUE INDEX integrations_primary ON integrations (client_id, type) WHERE role = 'primary';
            ALTER TABLE messages ADD COLUMN provider_history TEXT NOT NULL DEFAULT '[]';
            """
    )
}
