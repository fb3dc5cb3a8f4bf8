public import Logging

/// The parts every role shares, opened from the configuration: the database (migrated) and its stores, the vault
/// (checked against what is stored) and the token authority. `serve`, `worker` and the operator commands all start here.
public struct GatewayCore: Sendable {
    /// The database itself: its health, its closing, and the SQL queue beside it.
    package let store: SQLStore
    package let stores: Stores
    package let vault: Vault
    package let tokens: TokenAuthority
    /// Integrations whose stored credentials cannot be opened.
    package let credentials: CredentialsHealth
    /// Found when the core was opened, with the reasons (`gateway keys check` prints them).
    package let unreadable: [UnreadableCredentials]

    package init(store: SQLStore, vault: Vault, tokens: TokenAuthority, unreadable: [UnreadableCredentials] = []) {
        self.store = store
        stores = Stores(sql: store)
        self.vault = vault
        self.tokens = tokens
        self.unreadable = unreadable
        credentials = CredentialsHealth()
        for record in unreadable { credentials.record(record.integrationID, readable: false) }
    }

    /// Opens the store and applies pending migrations, loads the keys, and checks the stored credentials against them.
    /// An integration whose credentials cannot be opened is reported (a log line per integration, `/health`) and
    /// affects only itself: start-up never refuses because of one record.
    public static func open(_ configuration: GatewayConfiguration, logger: Logger) async throws -> GatewayCore {
        let store = try await StoreSetup.open(configuration, logger: logger)
        do {
            let applied = try await Migrator.migrate(store.database)
            if !applied.isEmpty {
                logger.info("migrations applied", metadata: ["store.migrations": "\(applied.map(String.init).joined(separator: ","))"])
            }
            let vault = try VaultSetup.load(configuration, logger: logger)
            let unreadable = try await VaultSetup.unreadable(vault, integrations: store)
            for record in unreadable {
                logger.error(
                    "stored credentials cannot be read: the integration stays unusable until configured again or its key is configured",
                    metadata: ["integration.id": "\(record.integrationID)", "client.id": "\(record.clientID)", "error.message": "\(record.reason)"]
                )
            }
            let tokens = try await TokenAuthority(
                secret: try SigningSecret.load(configuration, logger: logger), ttlSeconds: configuration.tokenTTLSeconds)
            return GatewayCore(store: store, vault: vault, tokens: tokens, unreadable: unreadable)
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Opens the core for one operator command and closes it afterwards, also when `body` throws.
    static func using<T: Sendable>(_ configuration: GatewayConfiguration, logger: Logger, _ body: (GatewayCore) async throws -> T) async throws -> T {
        let core = try await open(configuration, logger: logger)
        do {
            let result = try await body(core)
            try await core.close()
            return result
        } catch {
            try? await core.close()
            throw error
        }
    }

    /// Says how to get a first admin token when no client exists yet.
    public func announceFirstRun(logger: Logger) async throws {
        guard try await stores.clients.clients().isEmpty else { return }
        logger.notice("no clients yet: get a first admin token with `gateway token issue --client admin --role admin`")
    }

    public func close() async throws {
        try await store.close()
    }
}
