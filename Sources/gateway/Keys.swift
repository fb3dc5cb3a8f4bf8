import ArgumentParser
import GatewayHost

/// `gateway keys rotate|check`.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Manage the credential encryption keys.", subcommands: [Rotate.self, Check.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract:
                "Re-encrypt every stored secret under a new key (key file), or under GATEWAY_ENCRYPTION_KEY with the old keys in GATEWAY_ENCRYPTION_OLD_KEYS."
        )

        @OptionGroup var settings: ConfigurationOptions


        func run() async throws {
            let logger = GatewayLogging.bootstrap(label: "gateway.keys")
            let report = try await KeyRotation.rotate(try await settings.load(), logger: logger) { done, total in
                print("re-encrypting: \(done)/\(total) integrations")
            }
            for id in report.unreadable { print("unreadable\t\(id)\tleft as it was: no configured key opens it (gateway keys check says why)") }
            print("contacts, content and open turns: \(report.inboundResealed) values re-encrypted, \(report.inboundUnreadable) unreadable")
            print("agent turns in the queue: \(report.queuedResealed) re-encrypted, \(report.queuedUnreadable) unreadable")
            print("done: \(report.resealed) of \(report.integrations) integrations re-encrypted; every readable secret is under key \(report.keyID)")
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "List the integrations whose stored credentials the configured keys cannot open; exits non-zero if any.")

        @OptionGroup var settings: ConfigurationOptions


        func run() async throws {
            let logger = GatewayLogging.bootstrap(label: "gateway.keys")
            let report = try await KeyCheck.run(try await settings.load(), logger: logger)
            for line in report.unreadable { print("unreadable\t\(line)") }
            print("\(report.integrations) integrations, \(report.unreadable.count) unreadable")
            if !report.unreadable.isEmpty { throw ExitCode.failure }
        }
    }
}
