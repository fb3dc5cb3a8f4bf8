import ArgumentParser
import Foundation
import GatewayHost

/// `gateway provider-test`: the provider test harness, one line per check.
struct ProviderTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provider-test",
        abstract:
            "Check that a provider plugin keeps the ABI's promises, running it in a provider process of its own (GATEWAY_PLUGIN_ISOLATION=in-process: inside the harness); exits non-zero on any failure."
    )

    @Argument(help: "The plugin's .so file.") var file: String
    @Option(help: "A JSON config to create the instance with (default: the manifest's examples). A \"test_recipient\" field enables a live send.")
    var config: String?
    @Flag(help: "Also call the real service in the config: `test`, and a send to test_recipient.") var live = false

    func validate() throws {
        if live, config == nil { throw ValidationError("--live needs --config with the real service's settings") }
    }


    func run() async throws {
        let logger = GatewayLogging.bootstrap(label: "gateway.provider-test")
        let values = try config.map { path in
            do {
                return try JSONDecoder().decode([String: JSONValue].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw ValidationError("\(path) is not a JSON object of config fields")
            }
        }
        // `--config` here is the plugin's config; the gateway's comes from the environment.
        let settings = try await ConfigurationSources().configuration().plugins
        let checks = await ProviderHarness(path: file, config: values, live: live, settings: settings, logger: logger).run()
        checks.forEach { print($0.line) }
        let failed = checks.filter { !$0.passed }.count
        print("\(checks.count - failed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode.failure }
    }
}
