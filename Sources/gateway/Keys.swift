import ArgumentParser
import GatewayHost

/// `gateway keys rotate`.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage the credential encryption keys.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-encrypt every stored secret under a new key (key file), or under GATEWAY_ENCRYPTION_KEY with the old keys in GATEWAY_ENCRYPTION_OLD_KEYS."
        )

        func run() async throws {
            let logger = GatewayLogging.bootstrap(label: "gateway.keys")
            let report = try await KeyRotation.rotate(try GatewayConfiguration.fromEnvironment(), logger: logger) { done, total in
                print("re-encrypting: \(done)/\(total) integrations")
            }
            print("done: \(report.resealed) of \(report.integrations) integrations re-encrypted; every secret is under key \(report.keyID)")
        }
    }
}
