import ArgumentParser
import GatewayHost

/// `gateway migrate`: applies pending schema migrations (serve does so too at start).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations (DATABASE_URL, or SQLite in GATEWAY_DATA_DIR).")

    @OptionGroup var settings: ConfigurationOptions


    func run() async throws {
        let logger = GatewayLogging.bootstrap(label: "gateway.migrate")
        let configuration = try await settings.load()
        let applied = try await StoreMigration.run(configuration, logger: logger)
        print(applied.isEmpty ? "schema is current" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
    }
}
