import ArgumentParser
import Foundation
import GatewayHost

/// `gateway backup --to DIR`: the embedded install's database and key files, copied consistently while it runs.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the embedded install (the SQLite database and its key files) into a new directory, while it runs.")

    @Option(help: "A new or empty directory (made 0700).") var to: String
    @OptionGroup var settings: ConfigurationOptions

    func run() async throws {
        let directory = try await settings.embeddedDataDirectory(else: "back up PostgreSQL with pg_dump, and keep GATEWAY_ENCRYPTION_KEY with it")
        for file in try EmbeddedBackup.backup(dataDirectory: directory, to: to) { print(file) }
        print("backup written: keep it as safe as the keys it holds")
    }
}

/// `gateway restore --from DIR`: a backup into the configured data directory, which must hold none of its files.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a `gateway backup` into the data directory (GATEWAY_DATA_DIR), which must hold no database or keys.")

    @Option(help: "The directory `gateway backup --to` wrote.") var from: String
    @OptionGroup var settings: ConfigurationOptions

    func run() async throws {
        let directory = try await settings.embeddedDataDirectory(else: "restore PostgreSQL with pg_restore")
        for file in try EmbeddedBackup.restore(from: from, into: directory) { print(file) }
        print("restored: start the gateway on \(directory)")
    }
}

extension ConfigurationOptions {
    /// The embedded install's data directory; on a PostgreSQL install, a refusal saying what to do instead.
    fileprivate func embeddedDataDirectory(else instead: String) async throws -> String {
        let configuration = try await load()
        guard configuration.databaseURL == nil else { throw ValidationError("DATABASE_URL is set: \(instead) (docs/operations.md, Backups)") }
        return configuration.dataDirectory
    }
}
