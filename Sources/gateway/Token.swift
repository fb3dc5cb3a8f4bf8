import ArgumentParser
import GatewayHost

/// `gateway token issue`.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Issue bearer tokens for operators.", subcommands: [Issue.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "issue", abstract: "Print a signed token for a client (created if it does not exist yet).")

        @Option(help: "The client id the token acts for.") var client: String
        @Option(help: "client or admin.") var role = "client"
        @Option(help: "Lifetime in seconds (default GATEWAY_TOKEN_TTL, 1800).") var ttl: Int?
        @Option(help: "The token's subject (who holds it).") var subject = "operator"

        func validate() throws {
            if let ttl, ttl <= 0 { throw ValidationError("--ttl must be a positive number of seconds") }
            if Role(rawValue: role) == nil { throw ValidationError("--role must be client or admin") }
        }

        @OptionGroup var settings: ConfigurationOptions


        func run() async throws {
            let logger = GatewayLogging.bootstrap(label: "gateway.token")
            print(
                try await TokenIssuing.issue(
                    try await settings.load(), clientID: client, role: Role(rawValue: role) ?? .client, ttlSeconds: ttl,
                    subject: subject, logger: logger))
        }
    }
}
