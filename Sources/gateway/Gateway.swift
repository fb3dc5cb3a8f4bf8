import ArgumentParser

/// The `gateway` binary: parses the command line and runs one role.
@main
struct Gateway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Self-hosted integrations gateway for AI agents on WhatsApp and email.",
        subcommands: [
            Serve.self, Worker.self, Scheduler.self, Migrate.self, Token.self, Keys.self, Plugins.self, ProviderTest.self, ProviderHost.self,
            MCPCommand.self, ConfigCommand.self, Backup.self, Restore.self,
        ]
    )
}
