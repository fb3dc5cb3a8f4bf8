public import Logging

/// `gateway migrate`: opens the configured store and applies what is pending.
public enum StoreMigration {
    /// The versions applied now.
    public static func run(_ configuration: GatewayConfiguration, logger: Logger) async throws -> [Int] {
        let store = try await StoreSetup.open(configuration, logger: logger)
        do {
            let applied = try await Migrator.migrate(store.database)
            try await store.close()
            return applied
        } catch {
            try? await store.close()
            throw error
        }
    }
}
