import ArgumentParser
import Foundation
import FoundationNetworking
import GatewayHost

/// `gateway plugins list|inspect|reset`.
struct Plugins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, inspect or reset provider plugins.", subcommands: [List.self, Inspect.self, Reset.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Load the plugin directories (GATEWAY_PLUGIN_DIRS, with GATEWAY_PLUGIN_ISOLATION) and list what loaded and what was refused."
        )

        @OptionGroup var settings: ConfigurationOptions


        func run() async throws {
            let configuration = try await settings.load()
            let registry = PluginRegistry(settings: configuration.plugins, logger: GatewayLogging.bootstrap(label: "gateway.plugins"))
            await registry.scan(configuration.pluginDirectories, waitForStableFiles: false)
            for plugin in registry.plugins {
                let manifest = plugin.manifest
                print(
                    "\(manifest.id)\t\(manifest.version)\t\(manifest.kind)\tops=\(manifest.ops.joined(separator: ","))\t\(plugin.isolation.rawValue)\t\(plugin.path)"
                )
            }
            for error in registry.loadErrors { print("refused\t\(error)") }
            print("\(registry.plugins.count) loaded, \(registry.loadErrors.count) refused")
            registry.close()
        }
    }

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Load one plugin file (as GATEWAY_PLUGIN_ISOLATION says) and print its manifest.")

        @Argument(help: "The plugin's .so file.") var file: String

        @OptionGroup var settings: ConfigurationOptions


        func run() async throws {
            let logger = GatewayLogging.bootstrap(label: "gateway.plugins")
            switch await PluginLoader.load(path: file, settings: try await settings.load().plugins, logger: logger) {
            case .success(let plugin):
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(plugin.manifest), as: UTF8.self))
                print(
                    "ABI \(plugin.abiVersion), webhook vectors: \(plugin.webhookVectors == nil ? "none" : "shipped"), runs \(plugin.isolation.rawValue)"
                )
                plugin.close()
            case .failure(let error):
                print(error)
                throw ExitCode.failure
            }
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset",
            abstract: "Lift a plugin's quarantine in the running server (POST /api/plugins/{id}/reset with an operator token)."
        )

        @Argument(help: "The provider id, e.g. sendgrid.") var id: String
        @Option(help: "The running server (default http://GATEWAY_HOST:GATEWAY_PORT).") var url: String?

        @OptionGroup var settings: ConfigurationOptions


        func run() async throws {
            let configuration = try await settings.load()
            let logger = GatewayLogging.bootstrap(label: "gateway.plugins")
            let base = url ?? "http://\(configuration.host):\(configuration.port)"
            guard let endpoint = URL(string: "\(base)/api/plugins/\(id)/reset") else { throw ValidationError("--url is not a URL") }
            var request = URLRequest(url: endpoint)
            request.httpMethod = "POST"
            request.setValue("Bearer \(try await TokenIssuing.operatorToken(configuration, logger: logger))", forHTTPHeaderField: "Authorization")
            let (body, response) = try await URLSession.shared.data(for: request)
            print(String(decoding: body, as: UTF8.self))
            guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw ExitCode.failure }
        }
    }
}
